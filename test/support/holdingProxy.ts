import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import { listenOnLoopback } from '../../local/http/listenOnLoopback.js';

/** A request as the proxy saw it: method, path with query, and the body as text. */
export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: string;
}

export interface HoldingProxy {
  readonly port: number;
  /** Every request that reached the proxy, in order of arrival. */
  readonly requests: ProxiedRequest[];
  /**
   * Hold the next request that matches instead of forwarding it (it is never answered, so its sender waits); resolves
   * once such a request has arrived. Lets a test freeze a client exactly before one write reaches the server.
   */
  holdNext(match: (request: ProxiedRequest) => boolean): Promise<ProxiedRequest>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** An HTTP proxy on 127.0.0.1 in front of a local server (e.g. Azurite's Table service), forwarding requests as they are. */
export async function startHoldingProxy(targetPort: number): Promise<HoldingProxy> {
  const requests: ProxiedRequest[] = [];
  const holds: { match: (request: ProxiedRequest) => boolean; arrived: (request: ProxiedRequest) => void }[] = [];
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const seen = { method: req.method ?? 'GET', path: req.url ?? '/', body: body.toString('utf8') };
      requests.push(seen);
      const hold = holds.findIndex((h) => h.match(seen));
      if (hold >= 0) {
        holds.splice(hold, 1)[0]!.arrived(seen);
        return;
      }
      const forward = httpRequest(
        { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      forward.end(body);
    });
  });
  const { port, close } = await listenOnLoopback(server);
  return {
    port,
    requests,
    holdNext(match) {
      return new Promise((arrived) => holds.push({ match, arrived }));
    },
    close,
  };
}
