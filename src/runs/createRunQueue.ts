import type { TokenCredential } from '@azure/identity';
import { QueueClient } from '@azure/storage-queue';
import { ConfigError, ServiceError, serviceFailure } from '../errors.js';
import { QUEUE_REQUEST_TIMEOUT_MS } from '../serviceTimeouts.js';
import { describeMs, withDeadline } from '../withDeadline.js';
import { encodeRunMessage, type RunMessage } from './runMessage.js';
import { RUN_MESSAGE_TTL_SECONDS, type RunQueue } from './runQueue.js';

export interface RunQueueOptions {
  readonly queueName: string;
  /** `AzureWebJobsStorage`-style connection string (Azurite's included). */
  readonly connectionString?: string;
  /** Or an identity-based connection: the queue service URL plus a credential. */
  readonly queueServiceUrl?: string;
  readonly credential?: TokenCredential;
  /** Client-side limit on each call (its retries included), response body included; default QUEUE_REQUEST_TIMEOUT_MS. */
  readonly requestTimeoutMs?: number;
}

/**
 * The run queue over Azure Queue storage (Azurite locally), on the same storage account as the host and the state table.
 * The queue is created on first use. A missing or unusable connection throws ConfigError naming the setting.
 * Each call is bounded on the client side, response body included: it gets an abort signal that fires after
 * `requestTimeoutMs`, and the transport destroys the socket when it does. NOTE: the pipeline policy the other clients
 * use cannot be added here: @azure/storage-queue 12.30 exposes no pipeline, and `additionalPolicies` are added once per
 * internal client context to one shared pipeline, which then throws "Duplicate policy names not allowed in pipeline".
 * The Storage retry policy's `tryTimeoutInMs` only sets the server-side `timeout` parameter: it bounds nothing here.
 * Nor is retryBrokenConnectionPolicy needed: that retry policy (@azure/storage-common 12.4 `storageRetryPolicy`) already
 * retries `EPIPE`, with ECONNRESET, timeouts and 500/503, within the deadline above. A message it sends twice cannot start
 * a run twice: processRunMessage claims the run record under its etag and drops a message whose run another delivery
 * holds or has finished.
 */
export function createRunQueue(options: RunQueueOptions): RunQueue {
  const timeoutMs = options.requestTimeoutMs ?? QUEUE_REQUEST_TIMEOUT_MS;
  const bounded = <T>(call: (abortSignal: AbortSignal) => Promise<T>): Promise<T> =>
    withDeadline(timeoutMs, () => new ServiceError(`no complete answer within ${describeMs(timeoutMs)} (client-side timeout, response body included)`), call);
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
      ready ??= bounded((abortSignal) => client.createIfNotExists({ abortSignal })).catch((error: unknown) => {
        ready = undefined;
        throw serviceFailure('Queue storage: create queue', target, error);
      });
      await ready;
      try {
        // Visibility timeout of a new message = its delay (Put Message, `visibilitytimeout`, at most 7 days); its time to
        // live (`messagettl`) bounds how long a run can stay queued unnoticed.
        await bounded((abortSignal) =>
          client.sendMessage(encodeRunMessage(message), { visibilityTimeout: sendOptions.delaySeconds ?? 0, messageTimeToLive: RUN_MESSAGE_TTL_SECONDS, abortSignal }),
        );
      } catch (error) {
        throw serviceFailure('Queue storage: send message', `${target} (run ${message.runId})`, error);
      }
    },
  };
}
