import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { createStateTableClient } from '../../src/state/createStateTableClient.js';

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
});
