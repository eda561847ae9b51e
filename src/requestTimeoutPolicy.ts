import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/**
 * A pipeline policy that gives every request a client-side timeout (unless it has one): the transport aborts a request
 * whose response has not begun within `ms`, and the SDK's retry policy then treats it as a failed attempt. Without it a
 * service that never answers holds a run past its lock. NOTE: core-rest-pipeline's Node transport clears the timer once
 * the response headers arrive, so a stalled body is not covered.
 */
export function requestTimeoutPolicy(ms: number): PipelinePolicy {
  return {
    name: 'cmdlineIpHunterRequestTimeout',
    sendRequest(request, next) {
      if (!request.timeout) request.timeout = ms;
      return next(request);
    },
  };
}
