import { FUNCTION_TIMEOUT_MS } from '../config/loadConfig.js';
import { RUN_MESSAGE_TTL_SECONDS } from './runQueue.js';
import type { RunFailure, RunRecord } from './runRecord.js';

/** Slack for clock skew between instances and for queue latency. */
const SLACK_MS = 5 * 60_000;
/**
 * A message whose host died while running it becomes visible again after 10 minutes: the queue listener receives
 * messages invisible for 10 minutes and only applies host.json's `visibilityTimeout` to a function that failed
 * (azure-webjobs-sdk QueueProcessor; maintainers in Azure/azure-webjobs-sdk#1040).
 */
const CRASHED_DELIVERY_REAPPEARS_MS = 10 * 60_000;

/**
 * A `queued` record not updated for this long has no message left: every message of a run lives RUN_MESSAGE_TTL_SECONDS
 * (the Queue service deletes it then, delivered or not), and each one is sent after the record's last update.
 */
export const STALE_QUEUED_MS = RUN_MESSAGE_TTL_SECONDS * 1000 + SLACK_MS;
/**
 * A `running` record not updated for this long has no live run: the host stops a run at functionTimeout, and a
 * redelivery of its message (which would claim it again, updating it) comes at most 10 minutes after a crash.
 */
export const STALE_RUNNING_MS = FUNCTION_TIMEOUT_MS + CRASHED_DELIVERY_REAPPEARS_MS + SLACK_MS;

/**
 * The failure a run record stands for when no delivery can still move it: `queued` past STALE_QUEUED_MS (its message
 * was never sent, expired unread, or went to the poison queue without an outcome recorded — e.g. while the run store's
 * own settings were broken) or `running` past STALE_RUNNING_MS (the instance died on its last delivery). Undefined
 * while the record can still move, and for a finished run.
 */
export function staleRunFailure(record: RunRecord, now: Date): RunFailure | undefined {
  const idleMs = now.getTime() - record.updatedAt.getTime();
  const since = record.updatedAt.toISOString();
  if (record.status === 'queued' && idleMs > STALE_QUEUED_MS) {
    if (record.attempts === 0) {
      return {
        code: 'RunNeverStarted',
        message: `the run was queued at ${since} and never started: no message of it is left to run it (not sent, expired after ${RUN_MESSAGE_TTL_SECONDS / 60} minutes unread, or poisoned); check that the function app runs and its settings load, then request it again`,
        status: 500,
      };
    }
    return {
      code: 'RunAbandoned',
      message: `the run has waited, queued again, since ${since} after ${record.attempts} attempt(s), and no message of it is left to run it (expired or poisoned)${record.note ? `; last note: ${record.note}` : ''}`,
      status: 500,
    };
  }
  if (record.status === 'running' && idleMs > STALE_RUNNING_MS) {
    return {
      code: 'RunAbandoned',
      message: `the run has been running since ${since} without an outcome, longer than the function timeout allows: the instance stopped on its last delivery (attempt ${record.attempts})`,
      status: 500,
    };
  }
  return undefined;
}
