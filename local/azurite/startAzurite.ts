import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { KEEP_ALIVE_MS } from '../http/listenOnLoopback.js';
import { saveBeforeAnswering } from './saveBeforeAnswering.js';

/** The local servers' keep-alive timeout, in the seconds Azurite takes. */
const KEEP_ALIVE_SECONDS = KEEP_ALIVE_MS / 1000;

const require = createRequire(import.meta.url);

/** The well-known Azurite development account (public, documented by Microsoft; not a secret). */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteServices {
  /** The Table service's port. */
  readonly port: number;
  /** The Queue service's port. */
  readonly queuePort: number;
  /** A connection string for `AzureWebJobsStorage` that points at this instance (Table and Queue endpoints). */
  readonly connectionString: string;
  close(): Promise<void>;
}

interface ServerLike {
  start(): Promise<void>;
  close(): Promise<void>;
  getHttpServerAddress(): string;
}

function portOf(server: ServerLike, service: string): number {
  const address = server.getHttpServerAddress();
  const port = Number(/:(\d+)$/.exec(address)?.[1]);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`Azurite ${service} service did not report its port (address ${address})`);
  return port;
}

function tableServer(location: string | undefined): ServerLike {
  const TableConfiguration = require('azurite/dist/src/table/TableConfiguration.js').default;
  const TableServer = require('azurite/dist/src/table/TableServer.js').default;
  const dbPath = location === undefined ? '__azurite_db_table__.json' : path.join(location, '__azurite_db_table__.json');
  // Positional arguments of TableConfiguration (azurite 3.35): host, port, keepAliveTimeout, metadataDBPath,
  // enableDebugLog, enableAccessLog, accessLogWriteStream, debugLogFilePath, loose, skipApiVersionCheck,
  // cert, key, pwd, oauth, disableProductStyleUrl, isMemoryPersistence.
  // keepAliveTimeout (seconds) as the other local servers keep theirs (local/http/listenOnLoopback.ts): Azure's front ends
  // keep idle connections for minutes (Azure Load Balancer's TCP idle timeout defaults to 4 minutes), while Azurite's 5 s
  // closed a connection the Tables client then reused during a long detection stage (`write EPIPE`,
  // which the SDK's retry policy does not retry; src/retryBrokenConnectionPolicy.ts sends such a request again).
  const config = new TableConfiguration('127.0.0.1', 0, KEEP_ALIVE_SECONDS, dbPath, false, false, undefined, undefined, false, true, '', '', '', undefined, false, location === undefined);
  const server = new TableServer(config);
  // On disk, a write is saved before it is answered, as the service stores it before acknowledging it.
  if (location !== undefined) saveBeforeAnswering(server.metadataStore);
  return server;
}

function queueServer(location: string | undefined): ServerLike {
  const QueueConfiguration = require('azurite/dist/src/queue/QueueConfiguration.js').default;
  const QueueServer = require('azurite/dist/src/queue/QueueServer.js').default;
  const { MemoryExtentChunkStore } = require('azurite/dist/src/common/persistence/MemoryExtentStore.js');
  const inMemory = location === undefined;
  const file = (name: string): string => (inMemory ? name : path.join(location, name));
  const persistence = [{ locationId: 'Default', locationPath: file('__queuestorage__'), maxConcurrency: 1 }];
  // Positional arguments of QueueConfiguration (azurite 3.35): host, port, keepAliveTimeout, metadataDBPath, extentDBPath,
  // persistencePathArray, enableAccessLog, accessLogWriteStream, enableDebugLog, debugLogFilePath, loose,
  // skipApiVersionCheck, cert, key, pwd, oauth, disableProductStyleUrl, isMemoryPersistence, memoryStore.
  // An in-memory instance gets its own message store (Azurite's default is one shared by every server in the process).
  const config = new QueueConfiguration(
    '127.0.0.1', 0, KEEP_ALIVE_SECONDS, file('__azurite_db_queue__.json'), file('__azurite_db_queue_extent__.json'), persistence,
    false, undefined, false, undefined, false, true, '', '', '', undefined, false, inMemory,
    inMemory ? new MemoryExtentChunkStore(64 * 1024 * 1024) : undefined,
  );
  return new QueueServer(config);
}

/**
 * Start Azurite's Table and Queue services in this process, each on a free port of 127.0.0.1.
 * In memory by default; with `location` they persist there (the local run keeps them under `.local/`).
 * Azurite runs in-process rather than as a child so that port 0 (a free port) works and no process is left behind.
 */
export async function startAzurite(options: { location?: string } = {}): Promise<AzuriteServices> {
  if (options.location !== undefined) await mkdir(options.location, { recursive: true });
  const started: ServerLike[] = [];
  try {
    const tables = tableServer(options.location);
    await tables.start();
    started.push(tables);
    const queues = queueServer(options.location);
    await queues.start();
    started.push(queues);
    const port = portOf(tables, 'Table');
    const queuePort = portOf(queues, 'Queue');
    const connectionString =
      `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};` +
      `TableEndpoint=http://127.0.0.1:${port}/${DEV_ACCOUNT};QueueEndpoint=http://127.0.0.1:${queuePort}/${DEV_ACCOUNT};`;
    return {
      port,
      queuePort,
      connectionString,
      async close() {
        for (const server of started.reverse()) await server.close();
      },
    };
  } catch (error) {
    for (const server of started.reverse()) await server.close().catch(() => {});
    throw error;
  }
}
