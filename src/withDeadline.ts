import type { PipelineRequest } from '@azure/core-rest-pipeline';

/** The SDK's abort signal type (a native AbortSignal, or one that looks like it). */
type AbortSignalLike = NonNullable<PipelineRequest['abortSignal']>;

/** A duration as a person reads it in an error message. */
export function describeMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

/**
 * Run `work` with a signal that aborts after `ms` (or as soon as the caller's `signal` does), and settle as `work` does —
 * or reject with `timeoutError()` once `ms` have passed, even when `work` ignores the signal: the deadline holds for
 * code we do not control. The abort is what releases the work's socket; its own later rejection is expected and dropped.
 */
export async function withDeadline<T>(
  ms: number,
  timeoutError: () => Error,
  work: (signal: AbortSignal) => Promise<T>,
  signal?: AbortSignalLike,
): Promise<T> {
  const controller = new AbortController();
  const onCallerAbort = (): void => controller.abort(signal && 'reason' in signal ? signal.reason : undefined);
  if (signal?.aborted) onCallerAbort();
  else signal?.addEventListener('abort', onCallerAbort);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = timeoutError();
      reject(error);
      controller.abort(error);
    }, ms);
  });
  const running = work(controller.signal);
  running.catch(() => undefined);
  try {
    return await Promise.race([running, deadline]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onCallerAbort);
  }
}
