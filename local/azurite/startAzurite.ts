import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The well-known Azurite development account (public, documented by Microsoft; not a secret). */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteTables {
  readonly port: number;
  /** A connection string for `AzureWebJobsStorage` that points at this instance. */
  readonly connectionString: string;
  close(): Promise<void>;
}

interface TableServerLike {
  start(): Promise<void>;
  close(): Promise<void>;
  clean(): Promise<void>;
  getHttpServerAddress(): string;
}

/**
 * Start Azurite's Table service in this process on a free port of 127.0.0.1.
 * In memory by default; with `location` the tables persist there (the local run keeps them under `.local/`).
 * Azurite runs in-process rather than as a child so that port 0 (a free port) works and no process is left behind.
 */
export async function startAzurite(options: { location?: string } = {}): Promise<AzuriteTables> {
  const TableConfiguration = require('azurite/dist/src/table/TableConfiguration.js').default;
  const TableServer = require('azurite/dist/src/table/TableServer.js').default;
  const inMemory = options.location === undefined;
  let dbPath = '__azurite_db_table__.json';
  if (options.location !== undefined) {
    await mkdir(options.location, { recursive: true });
    dbPath = path.join(options.location, '__azurite_db_table__.json');
  }
  // Positional arguments of TableConfiguration (azurite 3.35): host, port, keepAliveTimeout, metadataDBPath,
  // enableDebugLog, enableAccessLog, accessLogWriteStream, debugLogFilePath, loose, skipApiVersionCheck,
  // cert, key, pwd, oauth, disableProductStyleUrl, isMemoryPersistence.
  const config = new TableConfiguration('127.0.0.1', 0, 5, dbPath, false, false, undefined, undefined, false, true, '', '', '', undefined, false, inMemory);
  const server: TableServerLike = new TableServer(config);
  await server.start();
  const address = server.getHttpServerAddress();
  const port = Number(/:(\d+)$/.exec(address)?.[1]);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`Azurite Table service did not report its port (address ${address})`);
  const connectionString =
    `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};` +
    `TableEndpoint=http://127.0.0.1:${port}/${DEV_ACCOUNT};`;
  return {
    port,
    connectionString,
    async close() {
      await server.close();
    },
  };
}
