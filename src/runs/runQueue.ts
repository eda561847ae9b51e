import type { RunMessage } from './runMessage.js';

/** The queue of requested runs. */
export interface RunQueue {
  /** Enqueue a run; with `delaySeconds` it becomes visible (is delivered) only after that long. */
  send(message: RunMessage, options?: { delaySeconds?: number }): Promise<void>;
}
