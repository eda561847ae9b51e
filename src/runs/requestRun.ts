import { randomUUID } from 'node:crypto';
import type { HunterConfig } from '../config/loadConfig.js';
import { describeError, IdempotencyKeyReusedError, InputError, TooManyRequestsError } from '../errors.js';
import type { HuntRequest } from '../hunt/runHunt.js';
import type { Logger } from '../logger.js';
import { parseHuntRequestBody } from '../triggers/parseHuntRequestBody.js';
import { canonicalJson } from './canonicalJson.js';
import type { RunDependencies } from './runDependencies.js';
import { RUN_ID } from './runMessage.js';
import type { RunRecord } from './runRecord.js';

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
    // Without its message the run would stay queued for good: remove the record so that a retry with the key can queue it.
    await deps.runs.delete(record.runId).catch((deleteError: unknown) => deps.logger.error(`Run ${record.runId}: removing the unqueued record failed: ${describeError(deleteError)}`));
    throw error;
  }
  deps.logger.info(`Run ${record.runId} queued${dryRun ? ' (dry run)' : ''}`);
  return { record, created: true };
}

function sameRequest(existing: RunRecord, request: string, field: string): RequestedRun {
  if (existing.request !== request) throw new IdempotencyKeyReusedError(field, existing.runId);
  return { record: existing, created: false };
}
