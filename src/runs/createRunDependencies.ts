import type { TokenCredential } from '@azure/identity';
import type { RunStorageConfig } from '../config/loadConfig.js';
import { createCredential } from '../createCredential.js';
import type { ServiceTimeouts } from '../serviceTimeouts.js';
import { createStateTableClient } from '../state/createStateTableClient.js';
import { TableRunStore } from '../state/TableRunStore.js';
import { createRunQueue } from './createRunQueue.js';
import type { RunDependencies } from './runDependencies.js';

export interface RunDependencyOptions {
  /** For an identity-based storage connection; defaults to DefaultAzureCredential (the app's managed identity). */
  readonly credential?: TokenCredential;
  /** Shorter client-side limits (tests of stalled services); production uses the defaults of serviceTimeouts.ts. */
  readonly requestTimeouts?: Partial<Pick<ServiceTimeouts, 'table' | 'queue' | 'token'>>;
}

/**
 * Wire the run store (the state table) and the run queue (HUNT_QUEUE_NAME) on the app's storage account: the
 * `AzureWebJobsStorage` connection string, or its identity-based form with the given credential (the managed identity).
 * Only the storage settings are needed (loadRunStorageConfig), so that a run can still be recorded as failed when the
 * rest of the configuration is broken. Every call is bounded on the client side, as the hunt's are.
 */
export function createRunDependencies(config: RunStorageConfig, options: RunDependencyOptions = {}): RunDependencies {
  const { state } = config;
  const timeouts = options.requestTimeouts ?? {};
  const credential = state.connectionString ? undefined : createCredential(options.credential, timeouts.token);
  const tableClient = createStateTableClient({
    ...(state.connectionString ? { connectionString: state.connectionString } : {}),
    ...(state.tableServiceUrl && credential ? { tableServiceUrl: state.tableServiceUrl, credential } : {}),
    ...(timeouts.table !== undefined ? { requestTimeoutMs: timeouts.table } : {}),
    tableName: state.tablePrefix,
  });
  const queue = createRunQueue({
    queueName: config.asyncRuns.queueName,
    ...(state.connectionString ? { connectionString: state.connectionString } : {}),
    ...(state.queueServiceUrl && credential ? { queueServiceUrl: state.queueServiceUrl, credential } : {}),
    ...(timeouts.queue !== undefined ? { requestTimeoutMs: timeouts.queue } : {}),
  });
  return { runs: new TableRunStore(tableClient), queue };
}
