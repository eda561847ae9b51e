import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import { TOKEN_REQUEST_TIMEOUT_MS } from './serviceTimeouts.js';
import { timeBoundCredential } from './timeBoundCredential.js';

/**
 * The app's credential: the given one, or DefaultAzureCredential (the Functions app's managed identity in Azure;
 * AZURE_CLIENT_ID picks a user-assigned one) — with every token request bounded to `timeoutMs`.
 */
export function createCredential(credential?: TokenCredential, timeoutMs: number = TOKEN_REQUEST_TIMEOUT_MS): TokenCredential {
  return timeBoundCredential(credential ?? new DefaultAzureCredential(), timeoutMs);
}
