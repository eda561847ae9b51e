import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { RUN_ID } from '../runs/runMessage.js';
import type { RunRecord } from '../runs/runRecord.js';
import { staleRunFailure } from '../runs/staleRunFailure.js';
import { contextLogger } from './contextLogger.js';
import { errorResponse } from './errorResponse.js';
import { RETRY_AFTER_SECONDS, type RunDependencyProvider } from './huntHttpHandler.js';
import { runLocation } from './runLocation.js';

function describeRun(record: RunRecord): Record<string, unknown> {
  return {
    runId: record.runId,
    status: record.status,
    createdAt: record.createdAt.toISOString(),
    ...(record.startedAt ? { startedAt: record.startedAt.toISOString() } : {}),
    ...(record.finishedAt ? { finishedAt: record.finishedAt.toISOString() } : {}),
    attempts: record.attempts,
    ...(record.note ? { note: record.note } : {}),
  };
}

/**
 * `GET /api/hunt/runs/{runId}`: 202 with `Location` and `Retry-After` while the run is queued or running (a Logic Apps
 * HTTP action keeps polling), 200 with `{ …, "summary": {…} }` when it succeeded, and when it failed the status the
 * error maps to (400, 409, 500, 502) with `{ …, "status": "failed", "error": {code, message} }` — a non-2xx answer fails
 * the Logic Apps action, so a playbook's failure branch runs. A record that no delivery can move any more (staleRunFailure)
 * is answered as failed, so a poller never waits for good. 404 for an unknown (or pruned) run.
 */
export function createHuntRunStatusHandler(getRunDependencies: RunDependencyProvider, options: { readonly now?: () => Date } = {}) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    try {
      const runId = request.params['runId'] ?? '';
      if (!RUN_ID.test(runId)) {
        return { status: 400, jsonBody: { error: { code: 'BadRequest', field: 'runId', message: `runId: "${runId.slice(0, 100)}" is not a run id` } } };
      }
      const { runs } = getRunDependencies();
      const found = await runs.get(runId);
      if (!found) return { status: 404, jsonBody: { error: { code: 'RunNotFound', message: `No run ${runId} (unknown, or pruned after HUNT_RUN_RETENTION)` } } };
      const { record } = found;
      const stale = staleRunFailure(record, (options.now ?? (() => new Date()))());
      if (stale) {
        contextLogger(context).error(`Run ${runId} is still ${record.status} but nothing can run it any more; answered as failed: ${stale.code}: ${stale.message}`);
        return { status: stale.status, jsonBody: { ...describeRun(record), status: 'failed', error: { code: stale.code, message: stale.message } } };
      }
      if (record.status === 'queued' || record.status === 'running') {
        return {
          status: 202,
          headers: { Location: runLocation(request, runId), 'Retry-After': String(RETRY_AFTER_SECONDS) },
          jsonBody: describeRun(record),
        };
      }
      if (record.status === 'failed') {
        const failure = record.failure ?? { code: 'InternalError', message: 'the run failed without a recorded error', status: 500 };
        return { status: failure.status, jsonBody: { ...describeRun(record), error: { code: failure.code, message: failure.message } } };
      }
      return { status: 200, jsonBody: { ...describeRun(record), summary: (await runs.getSummary(runId)) ?? null } };
    } catch (error) {
      const response = errorResponse(error);
      contextLogger(context).error(`GET /api/hunt/runs failed: ${JSON.stringify(response.jsonBody)}`);
      return response;
    }
  };
}
