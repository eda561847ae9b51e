import { InvocationContext } from '@azure/functions';
import { QueueClient } from '@azure/storage-queue';

/** What one delivery did: the handler's result or error, and the message as delivered. */
export interface Delivery {
  readonly messageId: string;
  readonly dequeueCount: number;
  /** The message text after base64 decoding, as the host hands it to the worker. */
  readonly text: string;
  readonly result?: unknown;
  readonly error?: unknown;
  readonly logs: readonly string[];
}

/** host.json `extensions.queues.maxDequeueCount`. */
const MAX_DEQUEUE_COUNT = 5;

/**
 * A queue as the Functions host's queue trigger drives it, for tests: receive one message, decode it as base64 (the
 * host's default messageEncoding; text that is not base64 never reaches the function), hand JSON to the handler as an
 * object with `dequeueCount` and `id` in the trigger metadata, delete the message when the handler returns, and when it
 * throws make it visible again (its visibility timeout elapsed) or, on the last delivery, move it to `<queue>-poison`.
 */
export function hostQueue(connectionString: string, queueName: string) {
  const client = new QueueClient(connectionString, queueName);
  const poison = new QueueClient(connectionString, `${queueName}-poison`);
  return {
    client,
    poison,
    /** Messages in the queue, visible or not (Get Queue Metadata's approximate count; exact on Azurite). */
    async count(): Promise<number> {
      if (!(await client.exists())) return 0;
      return (await client.getProperties()).approximateMessagesCount ?? 0;
    },
    async deliverNext(handler: (item: unknown, context: InvocationContext) => Promise<unknown>): Promise<Delivery | undefined> {
      if (!(await client.exists())) return undefined;
      const [message] = (await client.receiveMessages({ numberOfMessages: 1, visibilityTimeout: 600 })).receivedMessageItems;
      if (!message) return undefined;
      const text = Buffer.from(message.messageText, 'base64').toString('utf8');
      if (Buffer.from(text, 'utf8').toString('base64') !== message.messageText) throw new Error(`message ${message.messageId} is not base64: the host would poison it`);
      let item: unknown = text;
      try {
        item = JSON.parse(text);
      } catch {
        // Not JSON: the worker gets the string.
      }
      const logs: string[] = [];
      const context = new InvocationContext({
        functionName: 'huntQueue',
        invocationId: `delivery-${message.messageId}-${message.dequeueCount}`,
        triggerMetadata: { id: message.messageId, dequeueCount: message.dequeueCount, popReceipt: message.popReceipt },
        logHandler: (level, ...args) => logs.push(`${level}: ${args.join(' ')}`),
      });
      const base = { messageId: message.messageId, dequeueCount: message.dequeueCount, text, logs };
      try {
        const result = await handler(item, context);
        await client.deleteMessage(message.messageId, message.popReceipt);
        return { ...base, result };
      } catch (error) {
        if (message.dequeueCount >= MAX_DEQUEUE_COUNT) {
          await poison.createIfNotExists();
          await poison.sendMessage(message.messageText);
          await client.deleteMessage(message.messageId, message.popReceipt);
        } else {
          await client.updateMessage(message.messageId, message.popReceipt, undefined, 0);
        }
        return { ...base, error };
      }
    },
  };
}
