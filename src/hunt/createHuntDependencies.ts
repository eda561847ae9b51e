import type { HunterConfig } from '../config/loadConfig.js';
import type { Logger } from '../logger.js';
import { requestTimeoutPolicy } from '../requestTimeoutPolicy.js';
import { createPublisher, loadWatchlistExclusions } from '../sentinel/index.js';
import { TableStateStore } from '../state/TableStateStore.js';
import { createAzureClients, type AzureClientOptions } from './createAzureClients.js';
import type { HuntDependencies } from './runHunt.js';

export interface HuntDependencyOptions extends AzureClientOptions {
  readonly logger?: Logger;
  readonly now?: () => Date;
}

/**
 * Azure Resource Manager gives a resource provider 60 seconds to answer a request before it fails it (Azure Resource
 * Manager's request limits and throttling docs; the async-operations pattern exists for longer work), so a Sentinel call
 * still unanswered after 90 s will not answer.
 */
const ARM_REQUEST_TIMEOUT_MS = 90_000;
/** Table storage operations time out on the server after at most 30 seconds ("Setting timeouts for Table service operations"). */
const TABLE_REQUEST_TIMEOUT_MS = 45_000;

/** Wire the real clients — LogsQueryClient, SecurityInsights, Table storage — from configuration. */
export function createHuntDependencies(config: HunterConfig, options: HuntDependencyOptions = {}): HuntDependencies {
  const { logs, sentinel: client, stateTable: tableClient } = createAzureClients(config, options);
  // Each attempt of a call is bounded on the client side (the retry policy counts a timeout as a failed attempt).
  client.pipeline.addPolicy(requestTimeoutPolicy(ARM_REQUEST_TIMEOUT_MS), { afterPhase: 'Retry' });
  tableClient.pipeline.addPolicy(requestTimeoutPolicy(TABLE_REQUEST_TIMEOUT_MS), { afterPhase: 'Retry' });
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
