import type { TokenCredential } from '@azure/identity';
import { QueueClient } from '@azure/storage-queue';
import { ConfigError, serviceFailure } from '../errors.js';
import { encodeRunMessage, type RunMessage } from './runMessage.js';
import type { RunQueue } from './runQueue.js';

export interface RunQueueOptions {
  readonly queueName: string;
  /** `AzureWebJobsStorage`-style connection string (Azurite's included). */
  readonly connectionString?: string;
  /** Or an identity-based connection: the queue service URL plus a credential. */
  readonly queueServiceUrl?: string;
  readonly credential?: TokenCredential;
}

/**
 * The run queue over Azure Queue storage (Azurite locally), on the same storage account as the host and the state table.
 * The queue is created on first use. A missing or unusable connection throws ConfigError naming the setting.
 */
export function createRunQueue(options: RunQueueOptions): RunQueue {
  let client: QueueClient;
  if (options.connectionString) {
    try {
      client = new QueueClient(options.connectionString, options.queueName);
    } catch (error) {
      throw new ConfigError([{ setting: 'AzureWebJobsStorage', message: `is not a usable Queue storage connection string (${(error as Error).message})` }]);
    }
  } else if (options.queueServiceUrl && options.credential) {
    client = new QueueClient(`${options.queueServiceUrl.replace(/\/+$/, '')}/${options.queueName}`, options.credential);
  } else {
    throw new ConfigError([
      { setting: 'AzureWebJobsStorage__queueServiceUri', message: 'is required for on-demand runs with an identity-based storage connection (or set AzureWebJobsStorage__accountName)' },
    ]);
  }
  let ready: Promise<unknown> | undefined;
  const target = `queue ${options.queueName}`;
  return {
    async send(message: RunMessage, sendOptions = {}) {
      ready ??= client.createIfNotExists().catch((error: unknown) => {
        ready = undefined;
        throw serviceFailure('Queue storage: create queue', target, error);
      });
      await ready;
      try {
        // Visibility timeout of a new message = its delay (Put Message, `visibilitytimeout`, at most 7 days).
        await client.sendMessage(encodeRunMessage(message), { visibilityTimeout: sendOptions.delaySeconds ?? 0 });
      } catch (error) {
        throw serviceFailure('Queue storage: send message', `${target} (run ${message.runId})`, error);
      }
    },
  };
}
