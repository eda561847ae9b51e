import path from 'node:path';
import type { HuntDependencyOptions } from '../src/hunt/createHuntDependencies.js';
import { startAzurite, type AzuriteServices } from './azurite/startAzurite.js';
import type { FaultPlan } from './http/FaultPlan.js';
import { httpDowngradingClient } from './http/httpDowngradingClient.js';
import { staticTokenCredential } from './http/staticTokenCredential.js';
import { startLogAnalyticsServer } from './logAnalytics/startLogAnalyticsServer.js';
import { startSentinelServer, type SentinelServer } from './sentinel/startSentinelServer.js';
import type { TableData } from './kql/kqlTypes.js';

/** Fixed identities of the local workspace; any well-formed values work, these make ids reproducible. */
export const LOCAL_WORKSPACE_ID = '4d0c7a4e-5b1f-4c1e-9a47-7c9e1f1f0001';
export const LOCAL_SUBSCRIPTION_ID = '4d0c7a4e-5b1f-4c1e-9a47-7c9e1f1f0002';

export interface LocalWorkspaceOptions {
  /** Tables the Log Analytics server serves (SecurityEvent at least). */
  readonly tables: Record<string, TableData>;
  /** Where Azurite and the Sentinel server persist; in memory when absent. */
  readonly stateDir?: string;
  /** The clock of the query engine (`now()`, `ago()`); real time when absent. */
  readonly now?: () => Date;
  readonly logAnalytics?: { readonly maxResultRows?: number; readonly maxResultBytes?: number; readonly faults?: FaultPlan };
  readonly sentinel?: { readonly faults?: FaultPlan; readonly latencyMs?: number };
}

export interface LocalWorkspace {
  /** Complete app settings pointing at the local servers; merge your own over them (not the endpoints). */
  readonly settings: Readonly<Record<string, string>>;
  /** What createHuntDependencies needs to reach the local servers: a static token, the http downgrade, fast retries. */
  readonly dependencyOptions: HuntDependencyOptions;
  readonly logAnalytics: Awaited<ReturnType<typeof startLogAnalyticsServer>>;
  readonly sentinel: SentinelServer;
  readonly azurite: AzuriteServices;
  close(): Promise<void>;
}

/**
 * Start the embedded local workspace: a Log Analytics query API over the given tables, a Sentinel ARM API and Azurite,
 * each a real server on 127.0.0.1 that the real SDK clients reach over sockets. Dev-only: production never imports local/.
 */
export async function startLocalWorkspace(options: LocalWorkspaceOptions): Promise<LocalWorkspace> {
  const started: { close(): Promise<void> }[] = [];
  try {
    const azurite = await startAzurite(options.stateDir ? { location: path.join(options.stateDir, 'azurite') } : {});
    started.push(azurite);
    const logAnalytics = await startLogAnalyticsServer({
      tables: options.tables,
      ...(options.now ? { now: options.now } : {}),
      ...options.logAnalytics,
    });
    started.push(logAnalytics);
    const sentinel = await startSentinelServer({
      ...(options.stateDir ? { stateFile: path.join(options.stateDir, 'sentinel.json') } : {}),
      ...options.sentinel,
    });
    started.push(sentinel);
    const settings = {
      LOG_ANALYTICS_WORKSPACE_ID: LOCAL_WORKSPACE_ID,
      LOG_ANALYTICS_ENDPOINT: logAnalytics.endpoint,
      SENTINEL_SUBSCRIPTION_ID: LOCAL_SUBSCRIPTION_ID,
      SENTINEL_RESOURCE_GROUP: 'rg-local',
      SENTINEL_WORKSPACE_NAME: 'law-local',
      SENTINEL_ENDPOINT: sentinel.endpoint,
      AzureWebJobsStorage: azurite.connectionString,
    };
    return {
      settings,
      dependencyOptions: {
        credential: staticTokenCredential(),
        httpClient: httpDowngradingClient(),
        retryDelayInMs: 10,
        maxRetryDelayInMs: 100,
      },
      logAnalytics,
      sentinel,
      azurite,
      async close() {
        for (const server of started.reverse()) await server.close();
      },
    };
  } catch (error) {
    for (const server of started.reverse()) await server.close().catch(() => {});
    throw error;
  }
}
