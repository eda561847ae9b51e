import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import type { TableClient } from '@azure/data-tables';
import { LogsQueryClient } from '@azure/monitor-query-logs';
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { SecurityInsights } from '@azure/arm-securityinsight';
import type { HunterConfig } from '../config/loadConfig.js';
import { createSecurityInsightsClient } from '../sentinel/createSecurityInsightsClient.js';
import { createStateTableClient } from '../state/createStateTableClient.js';

export interface AzureClientOptions {
  /** Defaults to DefaultAzureCredential: the Functions app's managed identity in Azure (AZURE_CLIENT_ID picks a user-assigned one). */
  readonly credential?: TokenCredential;
  /** Transport override (the local workspace's http downgrade); production uses the SDK default. */
  readonly httpClient?: HttpClient;
  /** Faster SDK retries for tests and local runs. */
  readonly retryDelayInMs?: number;
  readonly maxRetryDelayInMs?: number;
}

/** The three services the app talks to, each through its real SDK client. */
export interface AzureClients {
  readonly credential: TokenCredential;
  readonly logs: LogsQueryClient;
  readonly sentinel: SecurityInsights;
  readonly stateTable: TableClient;
}

/** Wire the real clients — LogsQueryClient, SecurityInsights, Table storage — from configuration (the hunt and `doctor`). */
export function createAzureClients(config: HunterConfig, options: AzureClientOptions = {}): AzureClients {
  const credential = options.credential ?? new DefaultAzureCredential();
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
  const sentinel = createSecurityInsightsClient(config.sentinel, {
    credential,
    ...(options.httpClient ? { httpClient: options.httpClient } : {}),
    ...retry,
  });
  const stateTable = createStateTableClient({
    ...(config.state.connectionString ? { connectionString: config.state.connectionString } : {}),
    ...(config.state.tableServiceUrl ? { tableServiceUrl: config.state.tableServiceUrl, credential } : {}),
    tableName: config.state.tablePrefix,
  });
  return { credential, logs, sentinel, stateTable };
}
