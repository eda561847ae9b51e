import type { RunMessage } from './runMessage.js';

/**
 * How long a run message lives in the queue, delivered or not (Put Message `messagettl`; the service default is 7 days).
 * A run not started within this has its status reported failed (staleRunFailure) instead of `queued` for days; a run
 * that waits for the lock is sent again every LOCK_WAIT_SECONDS, each time with a new message.
 */
export const RUN_MESSAGE_TTL_SECONDS = 60 * 60;

/** The queue of requested runs. */
export interface RunQueue {
  /** Enqueue a run; with `delaySeconds` it becomes visible (is delivered) only after that long. */
  send(message: RunMessage, options?: { delaySeconds?: number }): Promise<void>;
}
