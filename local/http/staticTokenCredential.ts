import type { AccessToken, TokenCredential } from '@azure/identity';

/** A TokenCredential that hands out a fixed token, for the local emulators (they only check that a bearer token is present). */
export function staticTokenCredential(token = 'local-emulator-token'): TokenCredential & { readonly calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    async getToken(scopes: string | string[]): Promise<AccessToken> {
      calls.push(Array.isArray(scopes) ? scopes : [scopes]);
      return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
}
