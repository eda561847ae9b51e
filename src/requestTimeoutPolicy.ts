import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { ServiceError } from './errors.js';
import { describeMs, withDeadline } from './withDeadline.js';

/** The policy's name in a pipeline (a pipeline holds one policy per name). */
export const REQUEST_TIMEOUT_POLICY_NAME = 'cmdlineIpHunterRequestTimeout';

/** Where a request went, without its query string (a SAS signature or a key could be in it). */
function requestTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * A pipeline policy that bounds each attempt of a request end to end — response headers AND body — to `ms`, then
 * rejects with a ServiceError naming the service, method and URL. NOTE: core-rest-pipeline's own `request.timeout` does
 * not do this: its Node client (@typespec/ts-http-runtime 0.3.x `NodeHttpClient.sendRequest`) clears the timer as soon
 * as the response headers arrive and then reads the body with no limit, so a service that sends headers and stalls the
 * body holds the call forever. What this policy uses is the abort signal, which that client keeps listening to until
 * the body is read: aborting it destroys the socket.
 *
 * The timeout is not a RestError, so neither core-rest-pipeline's retry policy nor Storage's retries it: a call that
 * stalled once gives up (the run or the caller tries again later) instead of multiplying the bound by the retries.
 * Add it after the Retry phase (`{ afterPhase: 'Retry' }`) so that it bounds each attempt, its bearer token included.
 * A response the caller streams (`streamResponseStatusCodes`) is bounded only until its headers: none of ours stream.
 */
export function requestTimeoutPolicy(service: string, ms: number): PipelinePolicy {
  return {
    name: REQUEST_TIMEOUT_POLICY_NAME,
    async sendRequest(request, next) {
      const callerSignal = request.abortSignal;
      let attemptSignal: AbortSignal | undefined;
      try {
        return await withDeadline(
          ms,
          () => new ServiceError(`${service}: ${request.method} ${requestTarget(request.url)} did not complete within ${describeMs(ms)} (client-side timeout, response body included)`),
          (signal) => {
            attemptSignal = signal;
            request.abortSignal = signal;
            return next(request);
          },
          callerSignal,
        );
      } finally {
        // The retry policy above looks at the caller's signal to tell a cancelled call from a failed attempt. After a
        // timeout the request keeps the aborted signal instead, so that a policy still working below this one (a bearer
        // token that arrives late) cannot send the request after the call has failed.
        const timedOut = attemptSignal?.aborted === true && !callerSignal?.aborted;
        if (!timedOut) request.abortSignal = callerSignal;
      }
    },
  };
}
