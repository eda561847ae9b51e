/** The queue message of a requested run: only its id; the request itself is in the run record. */
export interface RunMessage {
  readonly runId: string;
}

/**
 * A run id: the caller's idempotency key or a generated UUID. It becomes a table RowKey and a URL path segment, so it
 * is held to characters both accept (RowKey forbids `/ \ # ?` and control characters).
 */
export const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/**
 * The message text as the Functions host's queue trigger reads it: base64 of the JSON. The host decodes queue
 * messages as base64 by default (host.json `extensions.queues.messageEncoding`), and @azure/storage-queue sends text
 * as given, so a plain JSON message would be moved to the poison queue without the function ever running.
 */
export function encodeRunMessage(message: RunMessage): string {
  return Buffer.from(JSON.stringify({ runId: message.runId }), 'utf8').toString('base64');
}

/**
 * Read a delivered message: the host hands a JSON message to the worker as an object, other text as a string.
 * Returns the reason when it is not a run message (a poison message: logged, never retried).
 */
export function parseRunMessage(delivered: unknown): RunMessage | { problem: string } {
  let value = delivered;
  if (typeof delivered === 'string') {
    try {
      value = JSON.parse(delivered);
    } catch {
      return { problem: `is not JSON (${delivered.length} characters)` };
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { problem: 'is not a JSON object' };
  const runId = (value as Record<string, unknown>)['runId'];
  if (typeof runId !== 'string' || !RUN_ID.test(runId)) return { problem: 'has no valid runId' };
  return { runId };
}
