import { SecurityInsights } from '@azure/arm-securityinsight';
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { TokenCredential } from '@azure/identity';
import { addClientPolicies } from '../addClientPolicies.js';
import type { SentinelConfig } from '../config/loadConfig.js';
import { SENTINEL_REQUEST_TIMEOUT_MS } from '../serviceTimeouts.js';

export interface SecurityInsightsClientOptions {
  readonly credential: TokenCredential;
  /** Transport override (tests and the local run use one that reaches the 127.0.0.1 emulator). */
  readonly httpClient?: HttpClient;
  /** Base delay of the SDK's exponential retry; default 1000 ms (core-rest-pipeline's default). */
  readonly retryDelayInMs?: number;
  /** Cap of the exponential delay; default 64 000 ms. Retry-After on 429/503 is honoured as sent, uncapped. */
  readonly maxRetryDelayInMs?: number;
  /** Client-side limit on each attempt, response body included; default SENTINEL_REQUEST_TIMEOUT_MS. */
  readonly requestTimeoutMs?: number;
}

/**
 * The Sentinel management client, configured from settings: `endpoint` (the SDK ignores `$host`), the token scope
 * (otherwise it would default to `${endpoint}/.default`), the api-version (a preview version, because only preview
 * bookmarks carry entity mappings, tactics and techniques) and the retry policy — the only place 429s, 5xx and
 * connection resets are retried — and a client-side limit on each attempt (requestTimeoutPolicy), so a stalled answer
 * cannot hold a run past its lock. A send that met a connection the service had closed goes again within its attempt
 * (retryBrokenConnectionPolicy): every write here is a PUT by a deterministic id.
 */
export function createSecurityInsightsClient(
  config: Pick<SentinelConfig, 'subscriptionId' | 'endpoint' | 'scope' | 'apiVersion' | 'maxRetries'>,
  options: SecurityInsightsClientOptions,
): SecurityInsights {
  const client = new SecurityInsights(options.credential, config.subscriptionId, {
    endpoint: config.endpoint,
    credentialScopes: [config.scope],
    apiVersion: config.apiVersion,
    retryOptions: {
      maxRetries: config.maxRetries,
      ...(options.retryDelayInMs !== undefined ? { retryDelayInMs: options.retryDelayInMs } : {}),
      ...(options.maxRetryDelayInMs !== undefined ? { maxRetryDelayInMs: options.maxRetryDelayInMs } : {}),
    },
    ...(options.httpClient ? { httpClient: options.httpClient } : {}),
  });
  addClientPolicies(client.pipeline, 'Sentinel', options.requestTimeoutMs ?? SENTINEL_REQUEST_TIMEOUT_MS);
  return client;
}
