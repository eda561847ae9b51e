import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { loadRunStorageConfig } from '../../src/config/loadConfig.js';
import { ConfigError, ServiceError } from '../../src/errors.js';
import { createRunDependencies } from '../../src/runs/createRunDependencies.js';
import { startStallingServer, type StallingServer } from '../support/startStallingServer.js';

let server: StallingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function storageAt(port: number): string {
  const account = 'devstoreaccount1';
  return (
    `DefaultEndpointsProtocol=http;AccountName=${account};AccountKey=${randomBytes(64).toString('base64')};` +
    `TableEndpoint=http://127.0.0.1:${port}/${account};QueueEndpoint=http://127.0.0.1:${port}/${account};`
  );
}

describe('createRunDependencies against storage that sends headers and then stalls the body', () => {
  it('fails sending a run message naming the operation and the queue, after one attempt', async () => {
    server = await startStallingServer('application/xml');
    const config = loadRunStorageConfig({ AzureWebJobsStorage: storageAt(server.port), HUNT_QUEUE_NAME: 'hunt-runs' });
    const { queue } = createRunDependencies(config, { requestTimeouts: { queue: 1000 } } /* long enough to reach the server when loaded: the attempts are counted */);
    const error = await queue.send({ runId: 'run-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).message).toMatch(
      /^Queue storage: create queue queue hunt-runs failed: no complete answer within 1 s \(client-side timeout, response body included\)$/,
    );
    expect(server.requests).toEqual(['PUT /devstoreaccount1/hunt-runs']);
    await server.clientsGone();
  });

  it('fails reading a run record the same way', async () => {
    server = await startStallingServer();
    const { runs } = createRunDependencies(loadRunStorageConfig({ AzureWebJobsStorage: storageAt(server.port) }), { requestTimeouts: { table: 300 } });
    await expect(runs.get('run-1')).rejects.toThrow(/^Table storage: create table cmdlineIpHunter failed: Table storage: POST http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1\/Tables did not complete within 300 ms/);
    await server.clientsGone();
  });
});

describe('loadRunStorageConfig', () => {
  it('reads only the storage settings, so the run store is reachable while other settings are broken', () => {
    const config = loadRunStorageConfig({ AzureWebJobsStorage: 'UseDevelopmentStorage=true', LOG_ANALYTICS_WORKSPACE_ID: 'not-a-guid', HUNT_SCHEDULE: 'x' });
    expect(config).toEqual({
      state: { connectionString: 'UseDevelopmentStorage=true', tableServiceUrl: undefined, queueServiceUrl: undefined, tablePrefix: 'cmdlineIpHunter' },
      asyncRuns: { queueName: 'hunt-runs' },
    });
  });

  it('names each bad storage setting', () => {
    let error: unknown;
    try {
      loadRunStorageConfig({ AzureWebJobsStorage: 'UseDevelopmentStorage=true', STATE_TABLE_PREFIX: 'tables', HUNT_QUEUE_NAME: 'A' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.setting)).toEqual(['STATE_TABLE_PREFIX', 'HUNT_QUEUE_NAME']);
  });
});
