import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import type { HunterConfig } from '../config/loadConfig.js';
import { createStateTableClient } from '../state/createStateTableClient.js';
import { TableRunStore } from '../state/TableRunStore.js';
import { createRunQueue } from './createRunQueue.js';
import type { RunDependencies } from './runDependencies.js';

/**
 * Wire the run store (the state table) and the run queue (HUNT_QUEUE_NAME) on the app's storage account: the
 * `AzureWebJobsStorage` connection string, or its identity-based form with the given credential (the managed identity).
 */
export function createRunDependencies(config: HunterConfig, options: { credential?: TokenCredential } = {}): RunDependencies {
  const { state } = config;
  const credential = state.connectionString ? undefined : (options.credential ?? new DefaultAzureCredential());
  const tableClient = createStateTableClient({
    ...(state.connectionString ? { connectionString: state.connectionString } : {}),
    ...(state.tableServiceUrl && credential ? { tableServiceUrl: state.tableServiceUrl, credential } : {}),
    tableName: state.tablePrefix,
  });
  const queue = createRunQueue({
    queueName: config.asyncRuns.queueName,
    ...(state.connectionString ? { connectionString: state.connectionString } : {}),
    ...(state.queueServiceUrl && credential ? { queueServiceUrl: state.queueServiceUrl, credential } : {}),
  });
  return { runs: new TableRunStore(tableClient), queue };
}
