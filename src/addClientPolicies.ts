import type { Pipeline } from '@azure/core-rest-pipeline';
import { requestTimeoutPolicy } from './requestTimeoutPolicy.js';
import { retryBrokenConnectionPolicy } from './retryBrokenConnectionPolicy.js';

/**
 * The policies every SDK client of the app carries, each where it must sit (see each policy): requestTimeoutPolicy
 * after the Retry phase, bounding each attempt of a call to `timeoutMs` with `service` named in its error; and
 * retryBrokenConnectionPolicy last, so a request whose send met a connection the service had closed goes again within
 * that attempt. The one place a client factory adds them, so no client gets one without the other.
 */
export function addClientPolicies(pipeline: Pipeline, service: string, timeoutMs: number): void {
  pipeline.addPolicy(requestTimeoutPolicy(service, timeoutMs), { afterPhase: 'Retry' });
  pipeline.addPolicy(retryBrokenConnectionPolicy(), { afterPhase: 'Sign' });
}
