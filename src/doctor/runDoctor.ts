import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError } from '../errors.js';
import { createAzureClients, type AzureClientOptions } from '../hunt/createAzureClients.js';
import { checkHeap } from './checkHeap.js';
import { checkQuery } from './checkQuery.js';
import { checkSentinel } from './checkSentinel.js';
import { checkSettings } from './checkSettings.js';
import { checkStateStorage } from './checkStateStorage.js';
import { checkTokens } from './checkTokens.js';
import { checkWatchlist } from './checkWatchlist.js';
import { checkWriteTest } from './checkWriteTest.js';
import type { DoctorCheck } from './doctorCheck.js';

/** Token scope of Azure Storage, asked for when state storage is reached with the identity. */
const STORAGE_SCOPE = 'https://storage.azure.com/.default';

/** Default wait for the write test's IP entity: Sentinel can take minutes to resolve entities. */
export const DEFAULT_ENTITY_TIMEOUT_MS = 10 * 60_000;
const DEFAULT_POLL_INTERVAL_MS = 15_000;

export interface DoctorOptions extends AzureClientOptions {
  /** The app settings (process.env in Azure). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Also write, check and delete a test bookmark, incident and relation (default false). */
  readonly writeTest?: boolean;
  readonly entityTimeoutMs?: number;
  readonly pollIntervalMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly elapsed?: () => number;
  readonly now?: () => Date;
}

/**
 * The first-run self-check: settings, the JavaScript heap limit, a token for each scope, query permission, process creation events with command
 * lines, Sentinel read and the api-version, the exclusion watchlist, state storage read/write, and with `writeTest`
 * the bookmark → incident entity path. Each check is ok / warn / fail with what to do; checks never throw.
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorCheck[]> {
  const settings = checkSettings(options.env);
  const config = settings.config;
  if (!config) return [settings.check];
  let clients;
  try {
    clients = createAzureClients(config, options);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [{ name: 'settings', status: 'fail', detail: `fix these app settings: ${error.problems.map((p) => `${p.setting}: ${p.message}`).join('; ')}` }];
  }
  const now = (options.now ?? (() => new Date()))();
  const scopes = [config.query.scope, config.sentinel.scope, ...(config.state.tableServiceUrl ? [STORAGE_SCOPE] : [])];
  const checks: DoctorCheck[] = [settings.check, checkHeap()];
  checks.push(...(await checkTokens(clients.credential, scopes)));
  checks.push(...(await checkQuery(clients.logs, config.query.workspaceId)));
  checks.push(...(await checkSentinel(clients.sentinel, config.sentinel)));
  checks.push(await checkWatchlist(clients.sentinel, config.sentinel, config.detection.exclusionWatchlist, now));
  checks.push(await checkStateStorage(clients.stateTable, now));
  if (options.writeTest) {
    checks.push(
      ...(await checkWriteTest(clients.sentinel, config.sentinel, {
        workspaceId: config.query.workspaceId,
        entityTimeoutMs: options.entityTimeoutMs ?? DEFAULT_ENTITY_TIMEOUT_MS,
        pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
        sleep: options.sleep ?? ((ms) => sleep(ms)),
        elapsed: options.elapsed ?? (() => performance.now()),
      })),
    );
  }
  return checks;
}
