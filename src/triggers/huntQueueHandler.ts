import type { InvocationContext } from '@azure/functions';
import { ConfigError, describeError } from '../errors.js';
import type { HuntDependencies } from '../hunt/runHunt.js';
import { processRunMessage, type RunMessageOutcome } from '../runs/processRunMessage.js';
import type { RunFailure } from '../runs/runRecord.js';
import { contextLogger } from './contextLogger.js';
import { errorResponse } from './errorResponse.js';
import type { DependencyProvider, RunDependencyProvider } from './huntHttpHandler.js';

/** A failed run keeps the error its synchronous request would have been answered with. */
export function runFailureOf(error: unknown): RunFailure {
  const response = errorResponse(error);
  const { code, message } = (response.jsonBody as { error: { code: string; message: string } }).error;
  return { code, message, status: response.status ?? 500 };
}

/** The hunt's dependencies, or the ConfigError that keeps them from being built (the run is then recorded as failed). */
function huntDependenciesOr(getDependencies: DependencyProvider): HuntDependencies | ConfigError {
  try {
    return getDependencies();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
}

/**
 * The queue-triggered run of an on-demand hunt (`POST /api/hunt` queued it). Reads the delivery count and message id
 * from the trigger metadata; throwing makes the host deliver the message again after `visibilityTimeout`, up to
 * `maxDequeueCount` (host.json), which processRunMessage does only for a transient failure before the last delivery.
 * Settings broken since the run was queued fail the run at once with their error, as long as the run store's own
 * settings (loadRunStorageConfig) load; when even those are broken nothing can be recorded: the error is logged and
 * thrown, the host poisons the message, and `GET /api/hunt/runs/{runId}` reports the run failed once it is stale.
 */
export function createHuntQueueHandler(
  getDependencies: DependencyProvider,
  getRunDependencies: RunDependencyProvider,
  options: { readonly lockWaitSeconds?: number } = {},
) {
  return async (queueItem: unknown, context: InvocationContext): Promise<RunMessageOutcome> => {
    const logger = contextLogger(context);
    const metadata = context.triggerMetadata ?? {};
    const dequeueCount = Number(metadata['dequeueCount'] ?? 1);
    const messageId = String(metadata['id'] ?? context.invocationId);
    try {
      return await processRunMessage(
        { hunt: huntDependenciesOr(getDependencies), run: getRunDependencies(), logger, failureOf: runFailureOf, ...options },
        { body: queueItem, messageId, dequeueCount: Number.isFinite(dequeueCount) ? dequeueCount : 1 },
      );
    } catch (error) {
      logger.error(`Queued run (message ${messageId}, delivery ${dequeueCount}) failed: ${describeError(error)}`);
      throw error;
    }
  };
}
