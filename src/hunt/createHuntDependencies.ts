import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import { LogsQueryClient } from '@azure/monitor-query-logs';
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { HunterConfig } from '../config/loadConfig.js';
import type { Logger } from '../logger.js';
import { createPublisher, createSecurityInsightsClient, loadWatchlistExclusions } from '../sentinel/index.js';
import { createStateTableClient } from '../state/createStateTableClient.js';
import { TableStateStore } from '../state/TableStateStore.js';
import type { HuntDependencies } from './runHunt.js';

export interface HuntDependencyOptions {
  /** Defaults to DefaultAzureCredential: the Functions app's managed identity in Azure (AZURE_CLIENT_ID picks a user-assigned one). */
  readonly credential?: TokenCredential;
  /** Transport override (the local workspace's http downgrade); production uses the SDK default. */
  readonly httpClient?: HttpClient;
  /** Faster SDK retries for tests and local runs. */
  readonly retryDelayInMs?: number;
  readonly maxRetryDelayInMs?: number;
  readonly logger?: Logger;
  readonly now?: () => Date;
}

/** Wire the real clients — LogsQueryClient, SecurityInsights, Table storage — from configuration. */
export function createHuntDependencies(config: HunterConfig, options: HuntDependencyOptions = {}): HuntDependencies {
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
  const client = createSecurityInsightsClient(config.sentinel, {
    credential,
    ...(options.httpClient ? { httpClient: options.httpClient } : {}),
    ...retry,
  });
  const tableClient = createStateTableClient({
    ...(config.state.connectionString ? { connectionString: config.state.connectionString } : {}),
    ...(config.state.tableServiceUrl ? { tableServiceUrl: config.state.tableServiceUrl, credential } : {}),
    tableName: config.state.tablePrefix,
  });
  return {
    config,
    logs,
    publisher: createPublisher({ client, config: config.sentinel, workspaceId: config.query.workspaceId }),
    state: new TableStateStore(tableClient),
    ...(config.detection.exclusionWatchlist !== undefined
      ? { exclusionWatchlist: (now: Date, logger: Logger) => loadWatchlistExclusions(client, config.sentinel, config.detection.exclusionWatchlist!, now, logger) }
      : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.now ? { now: options.now } : {}),
  };
}
