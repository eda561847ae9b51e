import type { TokenCredential } from '@azure/identity';
import { describeError } from '../errors.js';
import type { DoctorCheck } from './doctorCheck.js';

/** A token for each scope the app asks for (Log Analytics, ARM, Storage): proves the identity works, never shows the token. */
export async function checkTokens(credential: TokenCredential, scopes: readonly string[]): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  for (const scope of new Set(scopes)) {
    const name = `token ${scope}`;
    try {
      const token = await credential.getToken(scope);
      checks.push(
        token
          ? { name, status: 'ok', detail: `token issued, expires ${new Date(token.expiresOnTimestamp).toISOString()}` }
          : { name, status: 'fail', detail: 'the credential returned no token: check the managed identity (or AZURE_CLIENT_ID) of the app' },
      );
    } catch (error) {
      checks.push({ name, status: 'fail', detail: `no token: ${describeError(error)}. In Azure, turn on the app's managed identity; elsewhere, sign in (az login)` });
    }
  }
  return checks;
}
