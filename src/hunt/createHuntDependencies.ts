import type { HunterConfig } from '../config/loadConfig.js';
import type { Logger } from '../logger.js';
import { createPublisher, loadWatchlistExclusions } from '../sentinel/index.js';
import { TableStateStore } from '../state/TableStateStore.js';
import { createAzureClients, type AzureClientOptions } from './createAzureClients.js';
import type { HuntDependencies } from './runHunt.js';

export interface HuntDependencyOptions extends AzureClientOptions {
  readonly logger?: Logger;
  readonly now?: () => Date;
}

/** Wire the real clients — LogsQueryClient, SecurityInsights, Table storage — from configuration. */
export function createHuntDependencies(config: HunterConfig, options: HuntDependencyOptions = {}): HuntDependencies {
  // Every call of these clients is bounded on the client side (createAzureClients).
  const { logs, sentinel: client, stateTable: tableClient } = createAzureClients(config, options);
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
