import { once } from 'node:events';
import { Agent, createServer, type ClientRequestArgs } from 'node:http';
import { connect, type Socket } from 'node:net';
import { Readable, type Duplex } from 'node:stream';
import {
  createDefaultHttpClient,
  createEmptyPipeline,
  createPipelineFromOptions,
  createPipelineRequest,
  isRestError,
  type Pipeline,
  type PipelineRequest,
} from '@azure/core-rest-pipeline';
import { afterEach, describe, expect, it } from 'vitest';
import { listenOnLoopback } from '../local/http/listenOnLoopback.js';
import { requestTimeoutPolicy } from '../src/requestTimeoutPolicy.js';
import { BROKEN_CONNECTION_RESENDS, retryBrokenConnectionPolicy } from '../src/retryBrokenConnectionPolicy.js';
import { failingTransport } from './support/failingTransport.js';

function onlyThePolicy(): Pipeline {
  const pipeline = createEmptyPipeline();
  pipeline.addPolicy(retryBrokenConnectionPolicy());
  return pipeline;
}

/** The SDK's default pipeline with both policies placed as the client factories place them. */
function asTheClientsHaveIt(options: { readonly withPolicy: boolean } = { withPolicy: true }): Pipeline {
  const pipeline = createPipelineFromOptions({ retryOptions: { maxRetries: 3, retryDelayInMs: 10 } });
  pipeline.addPolicy(requestTimeoutPolicy('Example service', 60_000), { afterPhase: 'Retry' });
  if (options.withPolicy) pipeline.addPolicy(retryBrokenConnectionPolicy(), { afterPhase: 'Sign' });
  return pipeline;
}

const put = (body: PipelineRequest['body'] = '{"value":1}'): PipelineRequest =>
  createPipelineRequest({ url: 'https://example.test/items/1', method: 'PUT', body });

describe('retryBrokenConnectionPolicy', () => {
  it('sends a request again after a send failed with EPIPE', async () => {
    const transport = failingTransport(1);
    const response = await onlyThePolicy().sendRequest(transport, put());
    expect(response.status).toBe(200);
    expect(transport.sends).toHaveLength(2);
  });

  it('sends it again after two such failures in a row', async () => {
    const transport = failingTransport(2);
    const response = await onlyThePolicy().sendRequest(transport, put());
    expect(response.status).toBe(200);
    expect(transport.sends).toHaveLength(3);
  });

  it('gives up after its bound of resends, throwing the transport\'s error as it came', async () => {
    const transport = failingTransport(Infinity);
    const error = await onlyThePolicy().sendRequest(transport, put()).catch((e: unknown) => e);
    expect(transport.sends).toHaveLength(1 + BROKEN_CONNECTION_RESENDS);
    expect(error).toBe(transport.errors.at(-1));
    expect(error).toMatchObject({ name: 'RestError', code: 'EPIPE', message: 'write EPIPE' });
  });

  it.each(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'REQUEST_SEND_ERROR'])('does not send again after %s, which may come after the service acted', async (code) => {
    const transport = failingTransport(1, { code });
    const error = await onlyThePolicy().sendRequest(transport, put()).catch((e: unknown) => e);
    expect(error).toBe(transport.errors[0]);
    expect(transport.sends).toHaveLength(1);
  });

  it('passes an HTTP error response through without sending again', async () => {
    const transport = failingTransport(0, { answer: { status: 503, body: '{"error":{"code":"ServerBusy"}}' } });
    const response = await onlyThePolicy().sendRequest(transport, put());
    expect(response.status).toBe(503);
    expect(transport.sends).toHaveLength(1);
  });

  it('does not send a stream body again: the failed send drained it', async () => {
    const transport = failingTransport(1);
    const error = await onlyThePolicy().sendRequest(transport, put(Readable.from(['{"value":1}']))).catch((e: unknown) => e);
    expect(error).toBe(transport.errors[0]);
    expect(transport.sends).toHaveLength(1);
  });

  it('sends again within the attempt requestTimeoutPolicy bounds, under its abort signal, and the retry policy adds no attempt', async () => {
    const transport = failingTransport(Infinity);
    const caller = new AbortController();
    const request = createPipelineRequest({ url: 'https://example.test/items/1', method: 'PUT', body: '{}', abortSignal: caller.signal });
    // The signal each send carries when it is made (requestTimeoutPolicy puts the caller's back afterwards).
    const signals = new Set<PipelineRequest['abortSignal']>();
    const error = await asTheClientsHaveIt()
      .sendRequest({ sendRequest: (sent) => (signals.add(sent.abortSignal), transport.sendRequest(sent)) }, request)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'EPIPE' });
    // One attempt of the retry policy (it does not retry EPIPE), made of the first send and the resends.
    expect(transport.sends).toHaveLength(1 + BROKEN_CONNECTION_RESENDS);
    expect(signals.size).toBe(1);
    expect(signals).not.toContain(caller.signal);
    expect(signals).not.toContain(undefined);
  });
});

/**
 * An agent whose first connection is one the server has already closed while the client has not noticed: the race of a
 * kept-alive connection that the service closes just as the client reuses it, held open so a test can rely on it.
 * Later connections are ordinary ones.
 */
class ClosedFirstConnectionAgent extends Agent {
  constructor(private closed: Socket | undefined) {
    super({ keepAlive: true });
  }

  override createConnection(options: ClientRequestArgs, callback?: (error: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const socket = this.closed;
    this.closed = undefined;
    return socket ?? super.createConnection(options, callback);
  }
}

/**
 * Larger than the most Linux lets one write put in a socket's send buffer (net.ipv4.tcp_wmem, 4 MiB by default), so the
 * request takes more than one write: the first brings the server's reset, a later one fails with EPIPE. (A request that
 * fits one write would never see an error on this connection: its read side has already ended.)
 */
const BODY_BYTES = 8 * 1024 * 1024;

describe('retryBrokenConnectionPolicy over a real socket', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  /** A server that closes the first connection as soon as it arrives and answers later requests with the bytes received. */
  async function closingFirstConnection(): Promise<{ port: number; connections: () => number; received: number[] }> {
    let connections = 0;
    const received: number[] = [];
    const server = createServer((request, response) => {
      let bytes = 0;
      request.on('data', (chunk: Buffer) => (bytes += chunk.length));
      request.on('end', () => {
        received.push(bytes);
        response.end(JSON.stringify({ bytes }));
      });
    });
    server.on('connection', (socket) => {
      connections += 1;
      if (connections === 1) socket.destroy();
    });
    const listening = await listenOnLoopback(server);
    close = listening.close;
    return { port: listening.port, connections: () => connections, received };
  }

  /** A PUT with a large body over an agent whose first connection the server has closed (its FIN has arrived). */
  async function putOverClosedConnection(port: number): Promise<{ request: PipelineRequest; agent: Agent }> {
    const closed = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    closed.resume();
    await once(closed, 'end');
    const agent = new ClosedFirstConnectionAgent(closed);
    const request = createPipelineRequest({ url: `http://127.0.0.1:${port}/items/1`, method: 'PUT', body: Buffer.alloc(BODY_BYTES, 0x61), allowInsecureConnection: true });
    request.agent = agent;
    return { request, agent };
  }

  it('without it, the SDK pipeline fails the call at once with EPIPE', async () => {
    const server = await closingFirstConnection();
    const { request, agent } = await putOverClosedConnection(server.port);
    try {
      const error = await asTheClientsHaveIt({ withPolicy: false }).sendRequest(createDefaultHttpClient(), request).catch((e: unknown) => e);
      expect(isRestError(error)).toBe(true);
      expect(error).toMatchObject({ code: 'EPIPE' });
      expect(server.received).toEqual([]);
    } finally {
      agent.destroy();
    }
  });

  it('with it, the call succeeds on a new connection and the server gets the request once', async () => {
    const server = await closingFirstConnection();
    const { request, agent } = await putOverClosedConnection(server.port);
    // Records what each send below the policy met, to show the first one really failed with EPIPE.
    const outcomes: string[] = [];
    const pipeline = asTheClientsHaveIt();
    pipeline.addPolicy(
      {
        name: 'recordsSends',
        async sendRequest(sent, next) {
          try {
            const response = await next(sent);
            outcomes.push(String(response.status));
            return response;
          } catch (error) {
            outcomes.push(isRestError(error) ? String(error.code) : String(error));
            throw error;
          }
        },
      },
      { afterPhase: 'Sign' },
    );
    try {
      const response = await pipeline.sendRequest(createDefaultHttpClient(), request);
      expect(response).toMatchObject({ status: 200, bodyAsText: JSON.stringify({ bytes: BODY_BYTES }) });
      expect(outcomes).toEqual(['EPIPE', '200']);
      expect(server.received).toEqual([BODY_BYTES]);
      expect(server.connections()).toBe(2);
    } finally {
      agent.destroy();
    }
  });
});
