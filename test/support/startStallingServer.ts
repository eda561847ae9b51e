import { createServer, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { listenOnLoopback } from '../../local/http/listenOnLoopback.js';

export interface StallingServer {
  readonly port: number;
  /** Every request received, as `METHOD path`. */
  readonly requests: string[];
  /** Resolves when the first request has arrived. */
  readonly firstRequest: Promise<void>;
  /** Resolves once every socket a request came in on has been closed by the client. */
  clientsGone(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 that answers every request with 200 and its headers, writes the first bytes of a body
 * (of the content type the service would send) and then stalls for good: the fault a client timeout that stops at the
 * headers cannot see.
 */
export async function startStallingServer(contentType = 'application/json'): Promise<StallingServer> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  let arrived: () => void = () => undefined;
  const firstRequest = new Promise<void>((resolve) => (arrived = resolve));
  const server = createServer((request: IncomingMessage, response) => {
    requests.push(`${request.method} ${request.url?.replace(/\?.*$/, '')}`);
    arrived();
    sockets.add(request.socket);
    // The client hangs up on a stalled answer: that is the expected end of every request here.
    request.on('error', () => undefined);
    response.on('error', () => undefined);
    request.resume();
    response.writeHead(200, { 'Content-Type': contentType, 'Content-Length': '1048576' });
    response.write(contentType.includes('xml') ? '<?xml version="1.0" encoding="utf-8"?><' : '{"');
  });
  const listening = await listenOnLoopback(server);
  return {
    port: listening.port,
    requests,
    firstRequest,
    async clientsGone() {
      // A reset is one way to go: wait for 'close' only (events.once would reject on the socket's 'error').
      await Promise.all([...sockets].filter((s) => !s.destroyed).map((s) => new Promise((resolve) => s.once('close', resolve))));
    },
    close: () => listening.close(),
  };
}
