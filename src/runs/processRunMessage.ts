import { ConfigError, describeError, HunterError, RunInProgressError, ServiceError } from '../errors.js';
import { runHunt, type HuntDependencies, type HuntRequest } from '../hunt/runHunt.js';
import type { Logger } from '../logger.js';
import { parseHuntRequestBody } from '../triggers/parseHuntRequestBody.js';
import type { RunDependencies } from './runDependencies.js';
import { parseRunMessage } from './runMessage.js';
import type { RunFailure, RunRecord } from './runRecord.js';

/**
 * Deliveries of one message before the host gives up on it (host.json `extensions.queues.maxDequeueCount`; a test
 * checks the two agree). The last delivery records the failure instead of leaving it to the poison queue.
 */
export const MAX_DEQUEUE_COUNT = 5;

/** A run that finds the lock taken is queued again this much later. */
export const LOCK_WAIT_SECONDS = 30;

/** Run records are pruned after each run, a bounded number at a time. */
const PRUNE_BATCH = 100;

export interface DeliveredMessage {
  /** The message as the trigger received it (an object for JSON, else a string). */
  readonly body: unknown;
  /** The queue message id (the same on every redelivery of one message). */
  readonly messageId: string;
  /** 1 on the first delivery. */
  readonly dequeueCount: number;
}

export type RunMessageOutcome =
  | { readonly action: 'succeeded' | 'failed' | 'waiting'; readonly runId: string }
  | { readonly action: 'dropped'; readonly runId?: string; readonly reason: string };

export interface ProcessRunOptions {
  /**
   * The hunt's dependencies, or the ConfigError that kept them from being built (settings broken after the run was
   * queued): the run is then recorded as failed with it on this delivery, since no redelivery can fix the settings.
   */
  readonly hunt: HuntDependencies | ConfigError;
  readonly logger: Logger;
  readonly run: RunDependencies;
  /** The HTTP answer an error maps to (the API's error codes), kept as the failed run's error. */
  readonly failureOf: (error: unknown) => RunFailure;
  /** How much later a run that found the lock taken is delivered again; LOCK_WAIT_SECONDS by default. */
  readonly lockWaitSeconds?: number;
}

/** Failures worth another delivery: a service that failed, or a fault we did not foresee. Bad requests and settings stay bad. */
function isTransient(error: unknown): boolean {
  return error instanceof ServiceError || !(error instanceof HunterError);
}

/**
 * Carry out one delivery of a run message, as the queue trigger receives it:
 * - a message that is not a run message, or whose run is unknown, done or held by another message, is dropped (logged);
 * - the run is claimed (queued → running, under the record's etag, so two deliveries cannot both run it) and the hunt
 *   runs with the request stored at `POST` time, exactly as a synchronous request would have;
 * - the lock taken by another run: the run goes back to `queued` and a new message is sent LOCK_WAIT_SECONDS later, so
 *   waiting never uses up deliveries; after twice HUNT_LOCK_DURATION of waiting it fails with RunInProgress;
 * - a transient failure before the last delivery: back to `queued` and the error is thrown, so the host redelivers the
 *   message after its visibility timeout; on the last delivery, or for a permanent failure, the run is recorded failed;
 * - settings that no longer load (`hunt` is their ConfigError): the run is recorded failed with the error at once.
 * Never throws for a message that will not be retried, so nothing is retried forever.
 */
export async function processRunMessage(options: ProcessRunOptions, message: DeliveredMessage): Promise<RunMessageOutcome> {
  const { run, failureOf, logger } = options;
  const broken = options.hunt instanceof ConfigError ? options.hunt : undefined;
  const hunt = options.hunt instanceof ConfigError ? undefined : { ...options.hunt, logger };
  const clock = hunt?.now ?? (() => new Date());
  const parsed = parseRunMessage(message.body);
  if ('problem' in parsed) {
    logger.error(`Poison run message ${message.messageId} dropped: the message ${parsed.problem}`);
    return { action: 'dropped', reason: `message ${parsed.problem}` };
  }
  const { runId } = parsed;
  const found = await run.runs.get(runId);
  const drop = (reason: string): RunMessageOutcome => {
    logger.warn(`Run ${runId}: message ${message.messageId} dropped (${reason})`);
    return { action: 'dropped', runId, reason };
  };
  if (!found) return drop('no such run; it was pruned or never recorded');
  const { record } = found;
  if (record.status === 'succeeded' || record.status === 'failed') return drop(`the run already ${record.status}`);
  if (record.status === 'running' && record.claimedBy !== message.messageId) return drop('another delivery is running it');

  const startedAt = clock();
  const claimed: RunRecord = {
    ...record,
    status: 'running',
    startedAt,
    updatedAt: startedAt,
    attempts: record.attempts + 1,
    claimedBy: message.messageId,
  };
  if (!(await run.runs.update(claimed, found.etag))) return drop('another delivery claimed it first');
  // The etag moved with the claim; later updates are ours alone (only a redelivery of this message could take it over).
  const settle = async (next: RunRecord): Promise<void> => {
    const current = await run.runs.get(runId);
    if (!current || !(await run.runs.update(next, current.etag))) logger.warn(`Run ${runId}: its record changed while it ran; status ${next.status} not written`);
  };
  const { claimedBy: _claimedBy, note: _note, ...unclaimed } = claimed;
  const fail = async (failure: RunFailure): Promise<RunMessageOutcome> => {
    const now = clock();
    await settle({ ...unclaimed, status: 'failed', updatedAt: now, finishedAt: now, failure });
    logger.error(`Run ${runId} failed after ${claimed.attempts} attempt(s): ${failure.code}: ${failure.message}`);
    if (hunt) await prune(hunt.config.asyncRuns.retentionMs, options, now);
    return { action: 'failed', runId };
  };
  if (!hunt) return fail(failureOf(broken));

  let request: HuntRequest;
  try {
    request = storedRequest(record, hunt);
  } catch (error) {
    // Settings changed since the request was accepted (e.g. a shorter HUNT_MAX_WINDOW): it cannot run now.
    return fail(failureOf(error));
  }

  try {
    const summary = await runHunt(hunt, request);
    await run.runs.putSummary(runId, summary);
    const now = clock();
    await settle({ ...unclaimed, status: 'succeeded', updatedAt: now, finishedAt: now });
    logger.info(`Run ${runId} succeeded (attempt ${claimed.attempts})`);
    await prune(hunt.config.asyncRuns.retentionMs, options, now);
    return { action: 'succeeded', runId };
  } catch (error) {
    const now = clock();
    if (error instanceof RunInProgressError) {
      const lockDurationMs = hunt.config.state.lockDurationMs;
      if (now.getTime() - record.createdAt.getTime() > 2 * lockDurationMs) return fail(failureOf(error));
      await settle({ ...unclaimed, status: 'queued', updatedAt: now, note: `waiting for the run lock: ${error.message}` });
      const delaySeconds = options.lockWaitSeconds ?? LOCK_WAIT_SECONDS;
      await run.queue.send({ runId }, { delaySeconds });
      logger.info(`Run ${runId}: another run holds the lock; queued again in ${delaySeconds} s`);
      return { action: 'waiting', runId };
    }
    if (isTransient(error) && message.dequeueCount < MAX_DEQUEUE_COUNT) {
      await settle({ ...unclaimed, status: 'queued', updatedAt: now, note: `attempt ${claimed.attempts} failed, retrying: ${describeError(error)}` });
      logger.warn(`Run ${runId}: attempt ${claimed.attempts} failed (delivery ${message.dequeueCount} of ${MAX_DEQUEUE_COUNT}); the host delivers it again`);
      throw error;
    }
    return fail(failureOf(error));
  }
}

/**
 * The run's request as `POST` accepted it, read against the time it was accepted: a lookback covers the span before the
 * request, not before the moment a queued run got its turn.
 */
function storedRequest(record: RunRecord, hunt: HuntDependencies): HuntRequest {
  const request = parseHuntRequestBody(JSON.parse(record.request), hunt.config, record.createdAt);
  if (request.lookbackMs === undefined) return request;
  const { lookbackMs, ...rest } = request;
  return { ...rest, window: { start: new Date(record.createdAt.getTime() - lookbackMs), end: record.createdAt } };
}

async function prune(retentionMs: number, options: ProcessRunOptions, now: Date): Promise<void> {
  const { logger } = options;
  try {
    const pruned = await options.run.runs.prune(new Date(now.getTime() - retentionMs), PRUNE_BATCH);
    if (pruned > 0) logger.info(`Pruned ${pruned} run record(s) older than HUNT_RUN_RETENTION`);
  } catch (error) {
    logger.warn(`Pruning old run records failed: ${describeError(error)}`);
  }
}
