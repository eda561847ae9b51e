import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { ServiceError } from './errors.js';
import { describeMs, withDeadline } from './withDeadline.js';

/**
 * A credential whose token requests give up after `ms` with a ServiceError naming the scope. The SDK clients' requests
 * are bounded by requestTimeoutPolicy (their bearer token included), but a token asked for directly (the doctor's token
 * check) goes through whatever the credential uses — IMDS, the App Service identity endpoint, a CLI process — so the
 * bound is put on the credential itself, passing the deadline on as `abortSignal` to credentials that honour it.
 */
export function timeBoundCredential(credential: TokenCredential, ms: number): TokenCredential {
  return {
    getToken(scopes: string | string[], options: GetTokenOptions = {}): Promise<AccessToken | null> {
      const scope = Array.isArray(scopes) ? scopes.join(' ') : scopes;
      return withDeadline(
        ms,
        () => new ServiceError(`Microsoft Entra ID: a token for ${scope} did not arrive within ${describeMs(ms)} (client-side timeout)`),
        (abortSignal) => credential.getToken(scopes, { ...options, abortSignal }),
        options.abortSignal,
      );
    },
  };
}
