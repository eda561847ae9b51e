import type { TokenCredential } from '@azure/identity';
import type { TableClient } from '@azure/data-tables';
import { LogsQueryClient } from '@azure/monitor-query-logs';
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { SecurityInsights } from '@azure/arm-securityinsight';
import { addClientPolicies } from '../addClientPolicies.js';
import type { HunterConfig } from '../config/loadConfig.js';
import { createCredential } from '../createCredential.js';
import { createSecurityInsightsClient } from '../sentinel/createSecurityInsightsClient.js';
import type { ServiceTimeouts } from '../serviceTimeouts.js';
import { createStateTableClient } from '../state/createStateTableClient.js';
import { queryCallTimeoutMs } from './queryCallTimeoutMs.js';

export interface AzureClientOptions {
  /** Defaults to DefaultAzureCredential: the Functions app's managed identity in Azure (AZURE_CLIENT_ID picks a user-assigned one). */
  readonly credential?: TokenCredential;
  /** Transport override (the local workspace's http downgrade); production uses the SDK default. */
  readonly httpClient?: HttpClient;
  /** Faster SDK retries for tests and local runs. */
  readonly retryDelayInMs?: number;
  readonly maxRetryDelayInMs?: number;
  /** Shorter client-side limits (tests of stalled services); production uses the defaults of serviceTimeouts.ts. */
  readonly requestTimeouts?: Partial<ServiceTimeouts>;
}

/** The three services the app talks to, each through its real SDK client. */
export interface AzureClients {
  readonly credential: TokenCredential;
  readonly logs: LogsQueryClient;
  readonly sentinel: SecurityInsights;
  readonly stateTable: TableClient;
}

/**
 * Wire the real clients — LogsQueryClient, SecurityInsights, Table storage — from configuration: the one factory of the
 * hunt and `doctor`. Every request of every client, and every token request, is bounded on the client side end to end
 * (requestTimeoutPolicy, timeBoundCredential), so a service that stalls fails the call instead of hanging it; and every
 * client sends a request again whose send met a connection the service had closed (retryBrokenConnectionPolicy).
 */
export function createAzureClients(config: HunterConfig, options: AzureClientOptions = {}): AzureClients {
  const timeouts = options.requestTimeouts ?? {};
  const credential = createCredential(options.credential, timeouts.token);
  const retry = {
    ...(options.retryDelayInMs !== undefined ? { retryDelayInMs: options.retryDelayInMs } : {}),
    ...(options.maxRetryDelayInMs !== undefined ? { maxRetryDelayInMs: options.maxRetryDelayInMs } : {}),
  };
  const logs = new LogsQueryClient(credential, {
    endpoint: config.query.endpoint,
    // NOTE: monitor-query-logs 1.0.0 ignores `audience`; the token scope comes only from credentials.scopes (Azure/azure-sdk-for-js#39506).
    credentials: { scopes: [config.query.scope] },
    retryOptions: { maxRetries: 3, ...retry },
    ...(options.httpClient ? { httpClient: options.httpClient } : {}),
  });
  addClientPolicies(logs.pipeline, 'Log Analytics', timeouts.logAnalytics ?? queryCallTimeoutMs(config.query));
  const sentinel = createSecurityInsightsClient(config.sentinel, {
    credential,
    ...(options.httpClient ? { httpClient: options.httpClient } : {}),
    ...(timeouts.sentinel !== undefined ? { requestTimeoutMs: timeouts.sentinel } : {}),
    ...retry,
  });
  const stateTable = createStateTableClient({
    ...(config.state.connectionString ? { connectionString: config.state.connectionString } : {}),
    ...(config.state.tableServiceUrl ? { tableServiceUrl: config.state.tableServiceUrl, credential } : {}),
    ...(timeouts.table !== undefined ? { requestTimeoutMs: timeouts.table } : {}),
    tableName: config.state.tablePrefix,
  });
  return { credential, logs, sentinel, stateTable };
}
