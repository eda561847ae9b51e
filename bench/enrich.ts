/**
 * `npm run bench:enrich`: look up the evidence of 1,000 findings against the local workspace (the real LogsQueryClient
 * over a socket to the local Log Analytics server), with connection and indicator rows planted for some of them and
 * background connection rows for the rest. The baseline, measured in the same run, is the same lookup with the
 * evidence sources off but the same addresses sent (an empty query per chunk): it is the round-trip and
 * query-building cost, so the difference is what reading the evidence tables costs.
 * Prints `name: value unit` lines; enrich_queries_per_chunk must be 1.
 */
import { LogsQueryClient } from '@azure/monitor-query-logs';
import type { EvidenceConfig } from '../src/config/loadConfig.js';
import { lookupEvidence } from '../src/evidence/lookupEvidence.js';
import { DEFAULT_EVIDENCE_SOURCES } from '../src/evidence/evidenceSources.js';
import type { Finding } from '../src/findings/finding.js';
import { entitiesFromText } from '../src/entities/entityLists.js';
import { httpDowngradingClient } from '../local/http/httpDowngradingClient.js';
import { staticTokenCredential } from '../local/http/staticTokenCredential.js';
import { startLogAnalyticsServer } from '../local/logAnalytics/startLogAnalyticsServer.js';
import { plantEvidence } from '../local/sample/plantEvidence.js';
import { parseTableRows } from '../local/tables/parseTableRows.js';

const IPS = 1_000;
const CHUNK = 500;
const BACKGROUND_ROWS = 50_000;
const WORKSPACE_ID = '11111111-2222-3333-4444-555555555555';
const SEEN = new Date('2026-11-20T09:00:00Z');
const END = new Date('2026-11-21T00:00:00Z');

function findings(): Finding[] {
  return Array.from({ length: IPS }, (_, i) => ({
    ip: `45.${10 + Math.floor(i / 250)}.${i % 250}.7`,
    version: 4 as const,
    entities: entitiesFromText({ hosts: [`host${i % 37}.contoso.com`], accounts: [] }),
    processes: ['powershell.exe'],
    commandLines: ['x'],
    commandLinesOmitted: 0,
    encodings: ['dotted' as const],
    firstSeen: SEEN,
    lastSeen: SEEN,
    eventCount: 1,
  }));
}

async function main(): Promise<void> {
  const all = findings();
  const planted = plantEvidence(
    all.map((f) => f.ip),
    () => SEEN,
  );
  // Background: connections to other addresses, which the query must read past.
  const background = Array.from({ length: BACKGROUND_ROWS }, (_, i) => ({
    TimeGenerated: new Date(SEEN.getTime() + (i % 3_600) * 1_000).toISOString(),
    DeviceName: `ws${i % 200}`,
    ActionType: 'ConnectionSuccess',
    RemoteIP: `52.${i % 200}.${(i >> 8) % 250}.${i % 250}`,
    RemotePort: 443,
    InitiatingProcessFileName: 'chrome.exe',
  }));
  const tables = {
    DeviceNetworkEvents: parseTableRows('DeviceNetworkEvents', JSON.stringify([...planted.tables.DeviceNetworkEvents, ...background])),
    CommonSecurityLog: parseTableRows('CommonSecurityLog', JSON.stringify(planted.tables.CommonSecurityLog)),
    ThreatIntelIndicators: parseTableRows('ThreatIntelIndicators', JSON.stringify(planted.tables.ThreatIntelIndicators)),
  };
  const server = await startLogAnalyticsServer({ tables, now: () => END });
  try {
    const client = new LogsQueryClient(staticTokenCredential(), {
      endpoint: server.endpoint,
      httpClient: httpDowngradingClient(),
      credentials: { scopes: ['https://api.loganalytics.io/.default'] },
    } as ConstructorParameters<typeof LogsQueryClient>[1]);
    const config = (sources: EvidenceConfig['sources']): EvidenceConfig => ({
      sources,
      leadMs: 3_600_000,
      lagMs: 0,
      tiLookbackMs: 14 * 86_400_000,
      chunkSize: CHUNK,
      minAllowedConnections: 1,
      minIndicatorConfidence: 0,
      retryRuns: 12,
    });
    const run = async (sources: EvidenceConfig['sources']) => {
      const before = server.requests.length;
      const t = performance.now();
      const lookup = await lookupEvidence({ client, workspaceId: WORKSPACE_ID, findings: all, windowEnd: END, config: config(sources) });
      return { ms: performance.now() - t, lookup, requests: server.requests.length - before };
    };
    await run(DEFAULT_EVIDENCE_SOURCES); // warm-up: Kusto.Language loads on the first query
    const baseline = await run([]);
    const measured = await run(DEFAULT_EVIDENCE_SOURCES);
    const chunks = Math.ceil(IPS / CHUNK);
    const raised = [...measured.lookup.reports.values()].filter((r) => r.status === 'found' && r.facts.labels.some((l) => l !== 'blocked')).length;
    console.log(`enrich_findings: ${IPS} findings`);
    console.log(`enrich_background_rows: ${BACKGROUND_ROWS} rows`);
    console.log(`enrich_round_trips: ${measured.requests} requests`);
    console.log(`enrich_queries_per_chunk: ${measured.requests / chunks} queries`);
    console.log(`enrich_ms_per_ip: ${(measured.ms / IPS).toFixed(3)} ms`);
    console.log(`baseline_empty_lookup_ms_per_ip: ${(baseline.ms / IPS).toFixed(3)} ms`);
    console.log(`enrich_raising_ips: ${raised} IPs`);
    console.log(`enrich_problems: ${measured.lookup.problems.length} problems`);
  } finally {
    await server.close();
  }
}

await main();
