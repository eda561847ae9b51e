import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { InputError } from '../errors.js';
import type { HuntDependencies } from '../hunt/runHunt.js';
import { IDEMPOTENCY_HEADER, requestRun } from '../runs/requestRun.js';
import type { RunDependencies } from '../runs/runDependencies.js';
import { contextLogger } from './contextLogger.js';
import { errorResponse } from './errorResponse.js';
import { runLocation } from './runLocation.js';

/** Builds (or returns the cached) dependencies; throws ConfigError when settings are bad. */
export type DependencyProvider = () => HuntDependencies;
/** Builds (or returns the cached) run store and queue; throws ConfigError when settings are bad. */
export type RunDependencyProvider = () => RunDependencies;

const MAX_BODY_BYTES = 256 * 1024;

/** How long a client should wait before asking for a run's status again. */
export const RETRY_AFTER_SECONDS = 15;

async function readJsonBody(request: HttpRequest): Promise<unknown> {
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new InputError('body', `is larger than ${MAX_BODY_BYTES} bytes`);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError('body', `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

/**
 * `POST /api/hunt`: queue a hunt on demand (Logic Apps playbooks) and answer at once with 202, the run's status URL in
 * `Location` and `Retry-After` — the asynchronous request-reply pattern a Logic Apps HTTP action follows by itself.
 * The queue trigger runs it; `GET /api/hunt/runs/{runId}` reports it.
 */
export function createHuntHttpHandler(getDependencies: DependencyProvider, getRunDependencies: RunDependencyProvider) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const logger = contextLogger(context);
    try {
      const deps = getDependencies();
      const runDeps = getRunDependencies();
      const body = await readJsonBody(request);
      const { record, created } = await requestRun(deps.config, { ...runDeps, logger }, {
        body,
        idempotencyKey: request.headers.get(IDEMPOTENCY_HEADER) ?? undefined,
        now: (deps.now ?? (() => new Date()))(),
      });
      if (!created) logger.info(`POST /api/hunt: run ${record.runId} was requested before (${record.status}); nothing new queued`);
      return {
        status: 202,
        headers: { Location: runLocation(request, record.runId), 'Retry-After': String(RETRY_AFTER_SECONDS) },
        jsonBody: { runId: record.runId, status: record.status },
      };
    } catch (error) {
      const response = errorResponse(error);
      if ((response.status ?? 500) >= 500) logger.error(`POST /api/hunt failed: ${JSON.stringify(response.jsonBody)}`);
      else logger.warn(`POST /api/hunt answered ${response.status}: ${JSON.stringify(response.jsonBody)}`);
      return response;
    }
  };
}
