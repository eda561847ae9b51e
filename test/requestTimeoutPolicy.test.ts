import { createServer } from 'node:http';
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createPipelineFromOptions,
  createPipelineRequest,
  type Pipeline,
} from '@azure/core-rest-pipeline';
import type { AccessToken } from '@azure/identity';
import { afterEach, describe, expect, it } from 'vitest';
import { httpDowngradingClient } from '../local/http/httpDowngradingClient.js';
import { listenOnLoopback } from '../local/http/listenOnLoopback.js';
import { ServiceError } from '../src/errors.js';
import { requestTimeoutPolicy } from '../src/requestTimeoutPolicy.js';
import { startStallingServer, type StallingServer } from './support/startStallingServer.js';

let server: StallingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The SDK's default pipeline (its retry policy included) with the policy after the Retry phase, as the clients add it. */
function pipelineWith(ms: number): Pipeline {
  const pipeline = createPipelineFromOptions({ retryOptions: { maxRetries: 3, retryDelayInMs: 10 } });
  pipeline.addPolicy(requestTimeoutPolicy('Example service', ms), { afterPhase: 'Retry' });
  return pipeline;
}

/**
 * Long enough that the request reaches the stalling server on a loaded machine before the deadline, so the test can count
 * the attempts; nothing here measures time.
 */
const STALL_DEADLINE_MS = 1000;

describe('requestTimeoutPolicy', () => {
  it('fails a response whose body stalls after the headers, names the request without its query, and is not retried', async () => {
    server = await startStallingServer();
    const request = createPipelineRequest({ url: `http://127.0.0.1:${server.port}/items/1?sig=secret`, allowInsecureConnection: true });
    const error = await pipelineWith(STALL_DEADLINE_MS).sendRequest(createDefaultHttpClient(), request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as Error).message).toMatch(/^Example service: GET http:\/\/127\.0\.0\.1:\d+\/items\/1 did not complete within 1 s \(client-side timeout, response body included\)$/);
    expect(server.requests).toEqual(['GET /items/1']);
    // The attempt's signal stays aborted on the request, and the stalled connection was closed by the client.
    expect(request.abortSignal?.aborted).toBe(true);
    await server.clientsGone();
  });

  it('still lets the caller cancel a call before the deadline', async () => {
    server = await startStallingServer();
    const caller = new AbortController();
    const request = createPipelineRequest({ url: `http://127.0.0.1:${server.port}/items/2`, allowInsecureConnection: true, abortSignal: caller.signal });
    const sent = pipelineWith(60_000).sendRequest(createDefaultHttpClient(), request);
    await server.firstRequest;
    caller.abort();
    const error = await sent.catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(request.abortSignal).toBe(caller.signal);
    await server.clientsGone();
  });

  it('never sends a request whose bearer token arrived after the deadline', async () => {
    server = await startStallingServer();
    let issueToken: (token: AccessToken) => void = () => undefined;
    const pipeline = pipelineWith(100);
    pipeline.addPolicy(
      bearerTokenAuthenticationPolicy({ scopes: 'https://example.test/.default', credential: { getToken: () => new Promise<AccessToken>((resolve) => (issueToken = resolve)) } }),
      { phase: 'Sign' },
    );
    // Sees the request when the token policy hands it on, i.e. just before the transport would send it.
    let handedOn: (aborted: boolean) => void = () => undefined;
    const reachedTransport = new Promise<boolean>((resolve) => (handedOn = resolve));
    pipeline.addPolicy({ name: 'seesHandOn', sendRequest: (request, next) => (handedOn(request.abortSignal?.aborted === true), next(request)) }, { afterPhase: 'Sign' });
    // https, as the token policy demands; the local transport sends it over http.
    const request = createPipelineRequest({ url: `https://127.0.0.1:${server.port}/late` });
    await expect(pipeline.sendRequest(httpDowngradingClient(), request)).rejects.toThrow(/did not complete within 100 ms/);
    issueToken({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 });
    expect(await reachedTransport).toBe(true);
    expect(server.requests).toEqual([]);
  });

  it('passes a complete answer through and leaves the caller\'s signal on the request', async () => {
    const answering = await listenOnLoopback(createServer((_, response) => response.end('{"ok":true}')));
    try {
      const caller = new AbortController();
      const request = createPipelineRequest({ url: `http://127.0.0.1:${answering.port}/`, allowInsecureConnection: true, abortSignal: caller.signal });
      const response = await pipelineWith(5_000).sendRequest(createDefaultHttpClient(), request);
      expect(response).toMatchObject({ status: 200, bodyAsText: '{"ok":true}' });
      expect(request.abortSignal).toBe(caller.signal);
    } finally {
      await answering.close();
    }
  });
});
