import { createServer } from 'node:http';
import { createDefaultHttpClient, createPipelineFromOptions, createPipelineRequest, type Pipeline } from '@azure/core-rest-pipeline';
import { afterEach, describe, expect, it } from 'vitest';
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

describe('requestTimeoutPolicy', () => {
  it('fails a response whose body stalls after the headers, names the request without its query, and is not retried', async () => {
    server = await startStallingServer();
    const request = createPipelineRequest({ url: `http://127.0.0.1:${server.port}/items/1?sig=secret`, allowInsecureConnection: true });
    const error = await pipelineWith(200).sendRequest(createDefaultHttpClient(), request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as Error).message).toMatch(/^Example service: GET http:\/\/127\.0\.0\.1:\d+\/items\/1 did not complete within 200 ms \(client-side timeout, response body included\)$/);
    expect(server.requests).toEqual(['GET /items/1']);
    // The caller's (absent) signal is back on the request, and the stalled connection was closed by the client.
    expect(request.abortSignal).toBeUndefined();
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

  it('passes a complete answer through', async () => {
    const answering = await listenOnLoopback(createServer((_, response) => response.end('{"ok":true}')));
    try {
      const request = createPipelineRequest({ url: `http://127.0.0.1:${answering.port}/`, allowInsecureConnection: true });
      const response = await pipelineWith(5_000).sendRequest(createDefaultHttpClient(), request);
      expect(response).toMatchObject({ status: 200, bodyAsText: '{"ok":true}' });
    } finally {
      await answering.close();
    }
  });
});
