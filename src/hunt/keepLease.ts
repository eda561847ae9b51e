import { describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { RunLease } from '../state/stateStore.js';

/** A run lock being kept: renewed on a timer until stopped. */
export interface KeptLease {
  /** True once a renewal failed: another run may hold the lock, so this one must start nothing new. */
  readonly lost: boolean;
  /** Stop renewing (waits for a renewal in progress). */
  stop(): Promise<void>;
}

/**
 * Renew `lease` every `everyMs` (a third of its duration: two renewals may fail before it expires) while a run works,
 * so that a run slowed by a service never outlives its lock and lets a second run in while it still publishes.
 */
export function keepLease(lease: RunLease, everyMs: number, now: () => Date, logger: Logger): KeptLease {
  let lost = false;
  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    renewing = renewing.then(() =>
      lease.renew(now()).catch((error: unknown) => {
        lost = true;
        clearInterval(timer);
        logger.error(`Renewing the run lock held by ${lease.holder} failed; the run starts nothing new: ${describeError(error)}`);
      }),
    );
  }, everyMs);
  // The timer alone must not keep a process alive.
  timer.unref();
  return {
    get lost() {
      return lost;
    },
    async stop() {
      clearInterval(timer);
      await renewing;
    },
  };
}
