import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How long the local servers keep an idle kept-alive connection: as long as Azure's front ends do (Azure Load Balancer's
 * TCP idle timeout defaults to 4 minutes).
 */
export const KEEP_ALIVE_MS = 240_000;

/** Start `server` on a free port of 127.0.0.1; resolves to the port and a close that also drops kept-alive connections. */
export async function listenOnLoopback(server: Server): Promise<{ port: number; close(): Promise<void> }> {
  // Node closes an idle kept-alive socket after 5 s; a client reusing it just then gets EPIPE, which the SDK's retry policy
  // does not retry (src/retryBrokenConnectionPolicy.ts sends it again, at most twice). Azure's front ends keep idle
  // connections for minutes (Azure Load Balancer's TCP idle timeout defaults to 4 minutes), and a local query can keep the
  // single-threaded server busy longer than 5 s: keep them as long.
  // NOTE: observed as `write EPIPE` from LogsQueryClient during bench:hunt's 500,000-row window.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
