import type { RunStore } from './runRecord.js';
import type { RunQueue } from './runQueue.js';

/** What queued on-demand runs talk to besides the hunt's own dependencies. */
export interface RunDependencies {
  readonly runs: RunStore;
  readonly queue: RunQueue;
}
