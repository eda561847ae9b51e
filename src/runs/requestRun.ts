import { randomUUID } from 'node:crypto';
import type { HunterConfig } from '../config/loadConfig.js';
import { describeError, IdempotencyKeyReusedError, InputError, TooManyRequestsError } from '../errors.js';
import type { HuntRequest } from '../hunt/runHunt.js';
import type { Logger } from '../logger.js';
import { parseHuntRequestBody } from '../triggers/parseHuntRequestBody.js';
import { canonicalJson } from './canonicalJson.js';
import type { RunDependencies } from './runDependencies.js';
import { RUN_ID } from './runMessage.js';
import type { RunFailure, RunRecord } from './runRecord.js';
import { STALE_QUEUED_MS } from './staleRunFailure.js';

/** The header a client may send its idempotency key in (IETF draft "The Idempotency-Key HTTP Header Field"). */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** A dry run not finished after this long is not counted any more (a lost message must not block dry runs for good). */
const ACTIVE_DRY_RUN_HORIZON_MS = 60 * 60_000;

export interface RunRequestInput {
  /** The parsed JSON body (undefined when empty). */
  readonly body: unknown;
  /** The Idempotency-Key header, when sent. */
  readonly idempotencyKey: string | undefined;
  readonly now: Date;
}

export interface RequestedRun {
  readonly record: RunRecord;
  /** False when the key named a run requested before: nothing new was queued. */
  readonly created: boolean;
}

function runIdOf(body: Record<string, unknown>, header: string | undefined): { runId: string; field: string } | undefined {
  const fromBody = body['runId'];
  if (fromBody !== undefined && (typeof fromBody !== 'string' || !RUN_ID.test(fromBody))) {
    throw new InputError('runId', 'must be 1 to 100 letters, digits, ".", "_", ":" or "-", starting with a letter or digit');
  }
  if (header !== undefined && !RUN_ID.test(header)) {
    throw new InputError(IDEMPOTENCY_HEADER, 'must be 1 to 100 letters, digits, ".", "_", ":" or "-", starting with a letter or digit');
  }
  if (fromBody !== undefined && header !== undefined && fromBody !== header) {
    throw new InputError('runId', `differs from the ${IDEMPOTENCY_HEADER} header; send the key once`);
  }
  if (fromBody !== undefined) return { runId: fromBody, field: 'runId' };
  return header !== undefined ? { runId: header, field: IDEMPOTENCY_HEADER } : undefined;
}

/**
 * Validate a `POST /api/hunt` body and queue the run it asks for: a run record (status `queued`) and a queue message.
 * The same idempotency key (`runId` in the body or the Idempotency-Key header) never starts two runs: a repeat with the
 * same body returns the first run, one with another body throws IdempotencyKeyReusedError. Throws InputError for a bad
 * body and TooManyRequestsError past HUNT_MAX_CONCURRENT_DRY_RUNS.
 */
export async function requestRun(
  config: HunterConfig,
  deps: RunDependencies & { readonly logger: Logger },
  input: RunRequestInput,
): Promise<RequestedRun> {
  const raw = input.body ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InputError('body', 'must be a JSON object');
  const { runId: _key, ...body } = raw as Record<string, unknown>;
  const key = runIdOf(raw as Record<string, unknown>, input.idempotencyKey);
  const parsed: HuntRequest = parseHuntRequestBody(body, config, input.now);
  const request = canonicalJson(body);

  if (key) {
    const existing = await deps.runs.get(key.runId);
    if (existing) return sameRequest(existing.record, request, key.field);
  }
  const dryRun = parsed.dryRun ?? config.dryRun;
  if (dryRun) {
    const active = await deps.runs.countActive({ since: new Date(input.now.getTime() - ACTIVE_DRY_RUN_HORIZON_MS), dryRunOnly: true });
    if (active >= config.asyncRuns.maxConcurrentDryRuns) {
      throw new TooManyRequestsError('HUNT_MAX_CONCURRENT_DRY_RUNS', `${active} dry runs are queued or running (at most ${config.asyncRuns.maxConcurrentDryRuns})`, 60);
    }
  }

  const record: RunRecord = {
    runId: key?.runId ?? randomUUID(),
    status: 'queued',
    request,
    dryRun,
    createdAt: input.now,
    updatedAt: input.now,
    attempts: 0,
  };
  const created = await deps.runs.create(record);
  // Two requests with one key at once: the second finds the first's record.
  if (!created.created) return sameRequest(created.existing, request, key?.field ?? 'runId');
  try {
    await deps.queue.send({ runId: record.runId });
  } catch (error) {
    await withdrawUnqueued(deps, record, error, input.now);
    throw error;
  }
  deps.logger.info(`Run ${record.runId} queued${dryRun ? ' (dry run)' : ''}`);
  return { record, created: true };
}

/**
 * A run whose message could not be sent would stay `queued` for good. Remove its record, so that a retry with the key
 * queues it; failing that, record it as failed; failing that too, say so loudly: its status then turns failed ("never
 * started") once it is older than any message of it could be (staleRunFailure).
 */
async function withdrawUnqueued(deps: RunDependencies & { readonly logger: Logger }, record: RunRecord, error: unknown, now: Date): Promise<void> {
  const { runId } = record;
  const problems: string[] = [];
  try {
    await deps.runs.delete(runId);
    return;
  } catch (e) {
    problems.push(`removing it: ${describeError(e)}`);
  }
  try {
    const current = await deps.runs.get(runId);
    const failure: RunFailure = { code: 'RunNotQueued', message: `the run was never queued: ${describeError(error)}`, status: 502 };
    if (current?.record.status === 'queued' && (await deps.runs.update({ ...current.record, status: 'failed', updatedAt: now, finishedAt: now, failure }, current.etag))) {
      deps.logger.error(`Run ${runId}: its message was not sent and its record could not be removed (${problems.join('; ')}); recorded it as failed`);
      return;
    }
    problems.push('marking it failed: its record changed meanwhile');
  } catch (e) {
    problems.push(`marking it failed: ${describeError(e)}`);
  }
  deps.logger.error(
    `Run ${runId}: its message was not sent and its record stays queued (${problems.join('; ')}); ` +
      `its status reports it failed, never started, ${Math.round(STALE_QUEUED_MS / 60_000)} minutes after it was queued`,
  );
}

function sameRequest(existing: RunRecord, request: string, field: string): RequestedRun {
  if (existing.request !== request) throw new IdempotencyKeyReusedError(field, existing.runId);
  return { record: existing, created: false };
}
