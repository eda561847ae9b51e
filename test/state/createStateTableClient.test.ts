import type { TableClient } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { REQUEST_TIMEOUT_POLICY_NAME } from '../../src/requestTimeoutPolicy.js';
import { RETRY_BROKEN_CONNECTION_POLICY_NAME } from '../../src/retryBrokenConnectionPolicy.js';
import { createStateTableClient } from '../../src/state/createStateTableClient.js';
import { failingTransport, type FailingTransport, type TransportAnswer } from '../support/failingTransport.js';

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('createStateTableClient', () => {
  it('builds a client on the named table from an Azurite connection string', () => {
    const client = createStateTableClient({ connectionString: 'UseDevelopmentStorage=true', tableName: 'cmdlineIpHunter' });
    expect(client.tableName).toBe('cmdlineIpHunter');
  });

  it('names AzureWebJobsStorage when there is no connection at all', () => {
    const error = configError(() => createStateTableClient({ tableName: 'cmdlineIpHunter' }));
    expect(error.problems).toEqual([{ setting: 'AzureWebJobsStorage', message: expect.stringMatching(/connection string/) }]);
  });

  it('names AzureWebJobsStorage, without echoing it, when the connection string is unusable', () => {
    const secret = 'AccountKey=c2VjcmV0;Nonsense=1';
    const error = configError(() => createStateTableClient({ connectionString: secret, tableName: 'cmdlineIpHunter' }));
    expect(error.problems).toEqual([{ setting: 'AzureWebJobsStorage', message: expect.stringMatching(/not a usable Table storage connection string/) }]);
    expect(error.message).not.toContain('c2VjcmV0');
  });

  it('sends a write again whose send met a connection the service had closed', async () => {
    const { client, transport } = overBrokenConnection({ status: 204 });
    await client.upsertEntity({ partitionKey: 'p', rowKey: 'r', value: 1 }, 'Replace');
    expect(transport.sends.map((request) => request.method)).toEqual(['PUT', 'PUT']);
  });

  it('sends a transaction again the same way', async () => {
    // A batch response with one change set answered 204 (Table service REST API, "Performing entity group transactions").
    const body = '--batchresponse_1\r\n--changesetresponse_2\r\nHTTP/1.1 204 No Content\r\n\r\n--changesetresponse_2--\r\n--batchresponse_1--\r\n';
    const { client, transport } = overBrokenConnection({ status: 202, body, contentType: 'multipart/mixed; boundary=batchresponse_1' });
    const result = await client.submitTransaction([['upsert', { partitionKey: 'p', rowKey: 'r', value: 1 }, 'Replace']]);
    expect(result.subResponses).toEqual([{ status: 204 }]);
    expect(transport.sends.map((request) => request.method)).toEqual(['POST', 'POST']);
  });

  it('sends it again below the per-attempt limit, so the resend shares its deadline', () => {
    const names = overBrokenConnection({ status: 204 }).client.pipeline.getOrderedPolicies().map((policy) => policy.name);
    expect(names.indexOf(RETRY_BROKEN_CONNECTION_POLICY_NAME)).toBeGreaterThan(names.indexOf(REQUEST_TIMEOUT_POLICY_NAME));
    expect(names.indexOf(REQUEST_TIMEOUT_POLICY_NAME)).toBeGreaterThan(names.indexOf('defaultRetryPolicy'));
  });
});

/**
 * The factory's client, with a stand-in transport as the last policy (the client takes no HttpClient): below every policy
 * the factory added, it fails the first send with EPIPE and answers `answer` after.
 */
function overBrokenConnection(answer: TransportAnswer): { client: TableClient; transport: FailingTransport } {
  const client = createStateTableClient({ connectionString: 'UseDevelopmentStorage=true', tableName: 'cmdlineIpHunter' });
  const transport = failingTransport(1, { answer });
  client.pipeline.addPolicy({ name: 'standInTransport', sendRequest: (request) => transport.sendRequest(request) }, { afterPhase: 'Sign' });
  return { client, transport };
}
