import { randomBytes } from 'node:crypto';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { afterEach, describe, expect, it } from 'vitest';
import { createCredential } from '../../src/createCredential.js';
import { ServiceError } from '../../src/errors.js';
import { createAzureClients } from '../../src/hunt/createAzureClients.js';
import { REQUEST_TIMEOUT_POLICY_NAME } from '../../src/requestTimeoutPolicy.js';
import { RETRY_BROKEN_CONNECTION_POLICY_NAME } from '../../src/retryBrokenConnectionPolicy.js';
import { httpDowngradingClient } from '../../local/http/httpDowngradingClient.js';
import { staticTokenCredential } from '../../local/http/staticTokenCredential.js';
import { failingTransport } from '../support/failingTransport.js';
import { startStallingServer, type StallingServer } from '../support/startStallingServer.js';
import { testConfig } from '../support/testSettings.js';

let server: StallingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Settings whose every service is the stalling server; the SDKs keep https:// and the transport downgrades it. */
function stalledSettings(port: number): Record<string, string> {
  const account = 'devstoreaccount1';
  return {
    LOG_ANALYTICS_ENDPOINT: `https://127.0.0.1:${port}/v1`,
    SENTINEL_ENDPOINT: `https://127.0.0.1:${port}`,
    AzureWebJobsStorage:
      `DefaultEndpointsProtocol=http;AccountName=${account};AccountKey=${randomBytes(64).toString('base64')};` +
      `TableEndpoint=http://127.0.0.1:${port}/${account};QueueEndpoint=http://127.0.0.1:${port}/${account};`,
  };
}

function stalledClients(port: number) {
  const config = testConfig(stalledSettings(port));
  return createAzureClients(config, {
    credential: staticTokenCredential(),
    httpClient: httpDowngradingClient(),
    retryDelayInMs: 10,
    // Long enough for the request to reach the stalling server on a loaded machine, so the attempts can be counted.
    requestTimeouts: { logAnalytics: 1000, sentinel: 1000, table: 1000 },
  });
}

describe('createAzureClients against a service that sends headers and then stalls the body', () => {
  it('fails a Log Analytics query naming the service and request, and closes its connection', async () => {
    server = await startStallingServer();
    const { logs } = stalledClients(server.port);
    const error = await logs.queryWorkspace('11111111-2222-3333-4444-555555555555', 'print 1', { duration: 'PT1H' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as Error).message).toMatch(
      /^Log Analytics: POST https?:\/\/127\.0\.0\.1:\d+\/v1\/workspaces\/11111111-2222-3333-4444-555555555555\/query did not complete within 1 s \(client-side timeout, response body included\)$/,
    );
    // One attempt: a stalled call is not retried inside the client.
    expect(server.requests).toEqual(['POST /v1/workspaces/11111111-2222-3333-4444-555555555555/query']);
    await server.clientsGone();
  });

  it('fails a Sentinel call the same way', async () => {
    server = await startStallingServer();
    const { sentinel } = stalledClients(server.port);
    const error = await sentinel.incidents.get('rg-sentinel', 'law-sentinel', 'incident-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as Error).message).toMatch(/^Sentinel: GET https?:\/\/127\.0\.0\.1:\d+\/subscriptions\/.*\/incidents\/incident-1 did not complete within 1 s/);
    expect(server.requests).toHaveLength(1);
    await server.clientsGone();
  });

  it('fails a Table storage call the same way, without the query string', async () => {
    server = await startStallingServer();
    const { stateTable } = stalledClients(server.port);
    const error = await stateTable.getEntity('partition', 'row').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as Error).message).toMatch(/^Table storage: GET http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1\/cmdlineIpHunter\(PartitionKey='partition',RowKey='row'\) did not complete within 1 s/);
    expect((error as Error).message).not.toContain('?');
    expect(server.requests).toHaveLength(1);
    await server.clientsGone();
  });
});

describe('createAzureClients on a connection the service had closed', () => {
  it('sends a Log Analytics query again whose send failed with EPIPE, below the per-attempt limit', async () => {
    const answer = { status: 200, body: JSON.stringify({ tables: [{ name: 'PrimaryResult', columns: [{ name: 'n', type: 'long' }], rows: [[1]] }] }) };
    const transport = failingTransport(1, { answer });
    const { logs } = createAzureClients(testConfig(), { credential: staticTokenCredential(), httpClient: transport });
    const result = await logs.queryWorkspace('11111111-2222-3333-4444-555555555555', 'print n = 1', { duration: 'PT1H' });
    expect(result).toMatchObject({ status: 'Success', tables: [{ rows: [[1]] }] });
    expect(transport.sends.map((request) => request.method)).toEqual(['POST', 'POST']);
    const names = logs.pipeline.getOrderedPolicies().map((policy) => policy.name);
    expect(names.indexOf(RETRY_BROKEN_CONNECTION_POLICY_NAME)).toBeGreaterThan(names.indexOf(REQUEST_TIMEOUT_POLICY_NAME));
    expect(names.indexOf(REQUEST_TIMEOUT_POLICY_NAME)).toBeGreaterThan(names.indexOf('defaultRetryPolicy'));
  });
});

describe('createCredential', () => {
  it('gives up on a token request whose answer stalls, naming the scope, and aborts it', async () => {
    server = await startStallingServer();
    const url = `http://127.0.0.1:${server.port}/msi/token`;
    // A credential that asks a real endpoint, as the managed identity does, and honours the abort signal.
    const overSocket: TokenCredential = {
      async getToken(_scopes, options): Promise<AccessToken> {
        const response = await fetch(url, { signal: options?.abortSignal as AbortSignal });
        return (await response.json()) as AccessToken;
      },
    };
    const error = await createCredential(overSocket, 300).getToken('https://api.loganalytics.io/.default').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as Error).message).toBe('Microsoft Entra ID: a token for https://api.loganalytics.io/.default did not arrive within 300 ms (client-side timeout)');
    await server.clientsGone();
  });

  it('gives up even on a credential that ignores the abort signal', async () => {
    const deaf: TokenCredential = { getToken: () => new Promise<AccessToken>(() => undefined) };
    await expect(createCredential(deaf, 50).getToken(['https://management.azure.com/.default'])).rejects.toThrow(/token for https:\/\/management\.azure\.com\/\.default did not arrive within 50 ms/);
  });

  it('hands out the token of a credential that answers', async () => {
    const token = await createCredential(staticTokenCredential('t1'), 1000).getToken('scope');
    expect(token).toMatchObject({ token: 't1' });
  });
});
