/**
 * A scheduled hunt killed with SIGKILL — at a part boundary, while a part's query is in flight, between writing a part's
 * pending findings and moving the checkpoint, and while publishing — then run again: every external IP gets exactly one
 * incident, none is lost, and no bookmark, relation or entity is written twice. The hunt runs in a child process
 * (test/support/huntProcess.ts) against servers this test started, so the servers and what they stored outlive the kill,
 * as Log Analytics, Sentinel and Table storage outlive a Functions host that dies. Every kill waits for an observable
 * event — a line the run printed, or a request arriving at a proxy that holds it — never for time to pass.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { RunInProgressError } from '../../src/errors.js';
import { createHuntDependencies } from '../../src/hunt/createHuntDependencies.js';
import { runHunt, type HuntDependencies } from '../../src/hunt/runHunt.js';
import type { HuntSummary } from '../../src/hunt/huntSummary.js';
import { createSecurityInsightsClient } from '../../src/sentinel/createSecurityInsightsClient.js';
import { listIncidentsWithEntities } from '../../src/sentinel/listIncidentsWithEntities.js';
import type { TableData } from '../../local/kql/kqlTypes.js';
import { securityEventRows } from '../../local/sample/generateSecurityEvents.js';
import { startLocalWorkspace, type LocalWorkspace } from '../../local/startLocalWorkspace.js';
import { SECURITY_EVENT_COLUMNS } from '../../local/tables/securityEventSchema.js';
import { TableBuilder } from '../../local/tables/TableBuilder.js';
import { startHoldingProxy, type HoldingProxy, type ProxiedRequest } from '../support/holdingProxy.js';
import type { HuntProcessInput } from '../support/huntProcess.js';
import { spawnTypescript, type LineProcess } from '../support/lineProcess.js';

const NOW = new Date('2026-11-21T00:00:00Z');
/** Past the killed run's lease (HUNT_LOCK_DURATION, default 15 minutes): the next scheduled run. */
const LATER = new Date(NOW.getTime() + 20 * 60_000);
/** The service caps an answer at 500,000 rows; a small cap makes the day's candidate rows come back in several parts. */
const MAX_RESULT_ROWS = 150;
const SETTINGS = { HUNT_FIRST_LOOKBACK: 'P1D', HUNT_INGESTION_DELAY: 'PT0S', HUNT_MIN_SPLIT_WINDOW: 'PT1M' };

/** One day of generated process events, a few percent of them with planted external addresses. */
function events(): { table: TableData; planted: string[] } {
  const builder = new TableBuilder(SECURITY_EVENT_COLUMNS, 'generated');
  const planted = new Set<string>();
  for (const row of securityEventRows({ rows: 1_500, seed: 29, start: new Date('2026-11-20T00:00:00Z'), days: 1, maliciousRate: 0.04 }, planted)) {
    builder.add({ ...row });
  }
  return { table: builder.finish(), planted: [...planted].sort() };
}

const data = events();
/** What an uninterrupted run finds and how many parts it reads: the reference every killed-and-rerun hunt must match. */
let reference: HuntSummary;
/**
 * The workspace of the reference run; its Log Analytics server (warmed up: the first query loads the KQL front end) answers
 * every test's queries, each test having its own Sentinel server and Table storage.
 */
let shared: LocalWorkspace;

interface KillWorkspace {
  readonly workspace: LocalWorkspace;
  /** In front of Azurite's Table service: the child's state writes pass through it. */
  readonly tables: HoldingProxy;
  /** In front of the Log Analytics server. */
  readonly logs: HoldingProxy;
  /** In front of the Sentinel server. */
  readonly sentinel: HoldingProxy;
  /** Dependencies for an in-process run straight to the servers, with the clock at `now`. */
  deps(now: Date): HuntDependencies;
  /** A scheduled hunt in a child process, through the proxies. */
  spawnHunt(now: Date): LineProcess;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function withPort(url: string, port: number): string {
  return url.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${port}`);
}

async function startKillWorkspace(): Promise<KillWorkspace> {
  const workspace = await startLocalWorkspace({ tables: {} });
  cleanups.push(() => workspace.close());
  const tables = await startHoldingProxy(workspace.azurite.port);
  const logs = await startHoldingProxy(shared.logAnalytics.port);
  const sentinel = await startHoldingProxy(workspace.sentinel.port);
  for (const proxy of [tables, logs, sentinel]) cleanups.push(() => proxy.close());
  const settings = { ...SETTINGS, ...workspace.settings, LOG_ANALYTICS_ENDPOINT: shared.logAnalytics.endpoint };
  const proxied = {
    ...settings,
    LOG_ANALYTICS_ENDPOINT: withPort(settings.LOG_ANALYTICS_ENDPOINT, logs.port),
    SENTINEL_ENDPOINT: withPort(settings.SENTINEL_ENDPOINT, sentinel.port),
    AzureWebJobsStorage: settings.AzureWebJobsStorage.replace(`TableEndpoint=http://127.0.0.1:${workspace.azurite.port}/`, `TableEndpoint=http://127.0.0.1:${tables.port}/`),
  };
  return {
    workspace,
    tables,
    logs,
    sentinel,
    deps: (now) => createHuntDependencies(loadConfig(settings), { ...workspace.dependencyOptions, now: () => now }),
    spawnHunt(now) {
      const input: HuntProcessInput = { settings: proxied, now: now.toISOString() };
      const child = spawnTypescript('test/support/huntProcess.ts', [], { HUNT_PROCESS_INPUT: JSON.stringify(input) });
      cleanups.push(() => child.kill());
      return child;
    },
  };
}

const isQuery = (r: ProxiedRequest) => r.method === 'POST' && r.path.includes('/query');
const isCheckpointWrite = (r: ProxiedRequest) => r.method === 'PUT' && r.path.includes("RowKey='checkpoint'");
const isPendingWrite = (r: ProxiedRequest) => r.method === 'POST' && r.path.includes('$batch') && r.body.includes("PartitionKey='pending'");

/** The `nth` request (1-based) that matches, counted from now on. */
function nth(n: number, match: (r: ProxiedRequest) => boolean): (r: ProxiedRequest) => boolean {
  let seen = 0;
  return (r) => match(r) && ++seen === n;
}

/** The rerun after a kill: a run while the killed run's lease lasts is refused; the next one completes. */
async function rerun(kw: KillWorkspace): Promise<HuntSummary> {
  await expect(runHunt(kw.deps(NOW), { trigger: 'timer' })).rejects.toThrow(RunInProgressError);
  const summary = await runHunt(kw.deps(LATER), { trigger: 'timer' });
  expect(summary.checkpoint.next).toBe(LATER.toISOString());
  expect(summary.failures).toEqual([]);
  return summary;
}

/** Exactly one incident per IP the reference run found, each with one bookmark and one relation and no entity twice. */
async function expectOneIncidentPerIp(kw: KillWorkspace): Promise<void> {
  const { config } = kw.deps(LATER);
  const client = createSecurityInsightsClient(config.sentinel, { ...kw.workspace.dependencyOptions, credential: kw.workspace.dependencyOptions.credential! });
  const incidents = await listIncidentsWithEntities(client, config.sentinel.resourceGroup, config.sentinel.workspaceName);
  expect(incidents.map((i) => i.ip).sort()).toEqual([...reference.newIps].sort());
  for (const incident of incidents) {
    const keys = incident.entities.map((e) => JSON.stringify(e));
    expect(new Set(keys).size, `entities of the incident for ${incident.ip}`).toBe(keys.length);
    expect(incident.entities.filter((e) => e.kind === 'Ip')).toEqual([expect.objectContaining({ address: incident.ip })]);
  }
  const { store } = kw.workspace.sentinel;
  expect(store.count('bookmark')).toBe(incidents.length);
  expect(store.count('relation')).toBe(incidents.length);
  const state = kw.deps(LATER).state;
  expect(await state.getPending()).toEqual([]);
  expect(await state.getInFlight()).toEqual(new Set());
}

beforeAll(async () => {
  shared = await startLocalWorkspace({ tables: { SecurityEvent: data.table }, now: () => NOW, logAnalytics: { maxResultRows: MAX_RESULT_ROWS } });
  const config = loadConfig({ ...SETTINGS, ...shared.settings });
  reference = await runHunt(createHuntDependencies(config, { ...shared.dependencyOptions, now: () => NOW }), { trigger: 'timer' });
  // The shape every kill below relies on: several parts, and the planted addresses among the incidents.
  expect(reference.query.segments.length).toBeGreaterThanOrEqual(4);
  expect(reference.newIps).toEqual(expect.arrayContaining(data.planted));
  expect(reference.incidents.map((i) => i.action)).toEqual(reference.newIps.map(() => 'created'));
});
afterAll(() => shared.close());

describe('a scheduled hunt killed with SIGKILL, then run again', () => {
  it('loses and duplicates nothing when killed at a part boundary, right after the second part was recorded', async () => {
    const kw = await startKillWorkspace();
    const child = kw.spawnHunt(NOW);
    const recorded = await child.waitForLine(/^info Read \S+: /);
    await child.waitForLine(new RegExp(`^info Read (?!${recorded.split(' ')[2]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')})\\S+: `));
    await child.kill();

    // The first two parts are recorded: the checkpoint is at the second one's end, their findings pending.
    const state = kw.deps(NOW).state;
    expect(await state.getCheckpoint()).toEqual(new Date(reference.query.segments[1]!.end));
    expect(kw.workspace.sentinel.store.count('incident')).toBe(0);

    const second = await rerun(kw);
    expect(second.query.segments[0]!.start).toBe(reference.query.segments[2]!.start);
    await expectOneIncidentPerIp(kw);
  });

  it('loses and duplicates nothing when killed while the third part\'s query is in flight', async () => {
    const kw = await startKillWorkspace();
    // A query sent after the second part's checkpoint write went through (the run waits for that write's answer
    // before it queries on) is the third part's.
    const held = kw.logs.holdNext((r) => isQuery(r) && kw.tables.requests.filter(isCheckpointWrite).length === 2);
    const child = kw.spawnHunt(NOW);
    await held;
    await child.kill();

    expect(await kw.deps(NOW).state.getCheckpoint()).toEqual(new Date(reference.query.segments[1]!.end));
    const second = await rerun(kw);
    expect(second.query.segments[0]!.start).toBe(reference.query.segments[2]!.start);
    await expectOneIncidentPerIp(kw);
  });

  it('loses and duplicates nothing when killed after a part\'s findings were written and before the checkpoint moved', async () => {
    const kw = await startKillWorkspace();
    // The second part's checkpoint write is held: its pending findings are written, the checkpoint still at the first part's end.
    const held = kw.tables.holdNext(nth(2, isCheckpointWrite));
    const child = kw.spawnHunt(NOW);
    await held;
    const pendingWrites = kw.tables.requests.filter(isPendingWrite).length;
    await child.kill();

    const state = kw.deps(NOW).state;
    expect(await state.getCheckpoint()).toEqual(new Date(reference.query.segments[0]!.end));
    expect(pendingWrites).toBeGreaterThanOrEqual(1);
    const second = await rerun(kw);
    // The second part is read again; its findings merge into themselves.
    expect(second.query.segments[0]!.start).toBe(reference.query.segments[1]!.start);
    await expectOneIncidentPerIp(kw);
  });

  it('loses and duplicates nothing when killed while publishing, with some incidents written', async () => {
    const kw = await startKillWorkspace();
    const isIncidentPut = (r: ProxiedRequest) => r.method === 'PUT' && /\/incidents\/[^/]+\?/.test(r.path);
    const held = kw.sentinel.holdNext(nth(3, isIncidentPut));
    const child = kw.spawnHunt(NOW);
    await held;
    await child.kill();

    // Every part was recorded before publishing began; the IPs being published are marked in flight.
    const state = kw.deps(NOW).state;
    expect(await state.getCheckpoint()).toEqual(NOW);
    expect((await state.getInFlight()).size).toBe(reference.newIps.length);
    expect(kw.workspace.sentinel.store.count('incident')).toBeGreaterThanOrEqual(1);
    const second = await rerun(kw);
    // Nothing of the killed run's window is read again: only what came after it.
    expect(second.query.segments).toEqual([{ start: NOW.toISOString(), end: LATER.toISOString(), rows: 0 }]);
    expect([...second.carriedOverIps].sort()).toEqual([...reference.newIps].sort());
    await expectOneIncidentPerIp(kw);
  });
});
