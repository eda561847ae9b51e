import { afterEach, describe, expect, it } from 'vitest';
import { FaultPlan } from '../../local/http/FaultPlan.js';
import { plantEvidence } from '../../local/sample/plantEvidence.js';
import { parseTableRows } from '../../local/tables/parseTableRows.js';
import { runHunt, type HuntDependencies } from '../../src/hunt/runHunt.js';
import type { StateStore } from '../../src/state/stateStore.js';
import { FIXTURE_NOW, FIXTURE_WINDOW, fixtureTable, startHuntWorkspace, type HuntWorkspace } from '../support/huntWorkspace.js';

const EXTRA = ['81.2.69.142', '81.2.69.143', '81.2.69.144', '81.2.69.145', '81.2.69.146', '81.2.69.147'];
const EXTRA_AT = new Date('2026-11-20T16:00:00Z');
// One planted case per address, in EVIDENCE_CASES order: defender-allowed, cef-denied, defender-failed, ti-valid,
// ti-expired, ti-revoked, cef-allowed, azfw-allowed, azfw-app-denied, ti-legacy-valid.
const IPS = ['45.9.148.3', '93.184.216.34', '185.220.101.4', '2a05:d014:1c06:5f00::1', ...EXTRA];
const FIRST_SEEN: Record<string, string> = {
  '45.9.148.3': '2026-11-20T08:00:00Z',
  '93.184.216.34': '2026-11-20T10:00:00Z',
  '185.220.101.4': '2026-11-20T12:00:00Z',
  '2a05:d014:1c06:5f00::1': '2026-11-20T11:00:00Z',
};
const planted = plantEvidence(IPS, (ip) => (FIRST_SEEN[ip] ? new Date(FIRST_SEEN[ip]) : EXTRA_AT));

function processRows() {
  return fixtureTable(
    EXTRA.map((ip, i) => ({
      TimeGenerated: EXTRA_AT.toISOString(),
      Computer: `WS9${i}.contoso.com`,
      Account: 'CONTOSO\\dave',
      EventID: 4688,
      Process: 'cmd.exe',
      CommandLine: `cmd.exe /c curl http://${ip}/x`,
    })),
  );
}

function evidenceTables() {
  return Object.fromEntries(Object.entries(planted.tables).map(([name, rows]) => [name, parseTableRows(name, JSON.stringify(rows))]));
}

function incidentsByIp(hw: HuntWorkspace) {
  return new Map(
    hw.workspace.sentinel.store.all('incident').map((r) => {
      const title = String(r.properties['title']);
      const ip = /external IP (\S+) in/.exec(title)![1]!;
      return [ip, r.properties as { severity: string; labels: { labelName: string }[]; description: string }];
    }),
  );
}

/** The evidence query (the second request of a run that finds something) answers 400 once. */
function failingEvidenceQuery(): FaultPlan {
  const faults = new FaultPlan();
  let requests = 0;
  faults.next({ kind: 'status', status: 400, code: 'BadArgumentError', message: 'evidence query refused' }, { match: () => ++requests === 2 });
  return faults;
}

/** A later run over an hour with no events: whatever it publishes comes from what state kept pending. */
const LATER = { now: new Date(FIXTURE_NOW.getTime() + 2 * 3_600_000), window: { start: FIXTURE_WINDOW.end, end: new Date(FIXTURE_WINDOW.end.getTime() + 3_600_000) } };

/** Every incident has its evidence now: High exactly where it is due, the evidence in the description, no duplicate. */
function expectEvidenceArrived(w: HuntWorkspace) {
  const incidents = incidentsByIp(w);
  expect([...incidents.keys()].sort()).toEqual([...IPS].sort());
  expect(w.workspace.sentinel.store.count('incident')).toBe(IPS.length);
  const severities = Object.fromEntries([...incidents].map(([ip, i]) => [ip, i.severity]));
  expect(severities).toEqual(Object.fromEntries(IPS.map((ip) => [ip, planted.raising.includes(ip) ? 'High' : 'Medium'])));
  for (const [, incident] of incidents) {
    expect(incident.description).toContain('**Evidence**');
    expect(incident.description).not.toContain('not available');
  }
  expect(incidents.get('45.9.148.3')!.labels.map((l) => l.labelName)).toContain('contacted');
  expect(incidents.get('2a05:d014:1c06:5f00::1')!.labels.map((l) => l.labelName)).toContain('ti-match');
}

let hw: HuntWorkspace | undefined;
afterEach(async () => {
  await hw?.close();
  hw = undefined;
});

describe('a local hunt over process rows plus connection and indicator rows', { timeout: 180_000 }, () => {
  it('raises High exactly where a host reached the address or a valid indicator names it, with the evidence in each incident', async () => {
    hw = await startHuntWorkspace({ tables: { SecurityEvent: processRows(), ...evidenceTables() } });
    const summary = await runHunt(hw.deps(), { trigger: 'cli', window: FIXTURE_WINDOW });

    const incidents = incidentsByIp(hw);
    expect([...incidents.keys()].sort()).toEqual([...IPS].sort());
    const severities = Object.fromEntries([...incidents].map(([ip, i]) => [ip, i.severity]));
    expect(severities).toEqual(Object.fromEntries(IPS.map((ip) => [ip, planted.raising.includes(ip) ? 'High' : 'Medium'])));
    expect(incidents.get('45.9.148.3')!.labels.map((l) => l.labelName)).toContain('contacted');
    expect(incidents.get('93.184.216.34')!.labels.map((l) => l.labelName)).toContain('blocked');
    expect(incidents.get('2a05:d014:1c06:5f00::1')!.labels.map((l) => l.labelName)).toContain('ti-match');
    for (const [, incident] of incidents) expect(incident.description).toContain('**Evidence**');
    expect(incidents.get('81.2.69.143')!.description).toContain('no (revoked)');
    expect(incidents.get('81.2.69.142')!.description).toContain('no (not valid at the sighting)');

    expect(summary.evidence).toMatchObject({ roundTrips: 1, problems: [] });
    expect(summary.evidence!.skippedSources).toEqual([]);
    expect(incidents.get('81.2.69.145')!.labels.map((l) => l.labelName)).toContain('contacted');
    expect(incidents.get('81.2.69.146')!.labels.map((l) => l.labelName)).toContain('blocked');
    expect(incidents.get('81.2.69.147')!.labels.map((l) => l.labelName)).toContain('ti-match');
    expect(summary.evidence!.ips).toContainEqual(expect.objectContaining({ ip: '93.184.216.34', blocked: 2, allowed: 0 }));
  });

  it('hunts as before in a workspace without any evidence table', async () => {
    hw = await startHuntWorkspace({ tables: { SecurityEvent: processRows() } });
    const summary = await runHunt(hw.deps(), { trigger: 'cli', window: FIXTURE_WINDOW });
    const incidents = incidentsByIp(hw);
    expect([...incidents.keys()].sort()).toEqual([...IPS].sort());
    for (const [, incident] of incidents) expect(incident).toMatchObject({ severity: 'Medium' });
    expect(summary.failures).toEqual([]);
    expect(summary.evidence!.skippedSources).toEqual(expect.arrayContaining(['DeviceNetworkEvents', 'CommonSecurityLog', 'ThreatIntelIndicators']));
  });

  it('publishes every incident, saying the evidence is unavailable, when the evidence query fails; the next run adds it', async () => {
    hw = await startHuntWorkspace({ tables: { SecurityEvent: processRows(), ...evidenceTables() }, logAnalytics: { faults: failingEvidenceQuery() } });
    const deps = hw.deps();
    const summary = await runHunt(deps, { trigger: 'cli', window: FIXTURE_WINDOW });
    const incidents = incidentsByIp(hw);
    expect([...incidents.keys()].sort()).toEqual([...IPS].sort());
    for (const [, incident] of incidents) expect(incident).toMatchObject({ severity: 'Medium', description: expect.stringContaining('**Evidence:** not available') });
    expect(summary.evidence!.problems).toEqual([expect.stringContaining(`evidence query for ${IPS.length} address(es)`)]);
    expect(summary.failures).toEqual([]);
    // Kept pending for the evidence, and said so in state.
    expect((await deps.state.getPending()).map((f) => f.ip).sort()).toEqual([...IPS].sort());
    for (const [, record] of await deps.state.getSeen(IPS)) expect(record.evidenceMissing).toMatchObject({ attempts: 1 });

    const second = await runHunt(hw.deps({}, LATER.now), { trigger: 'cli', window: LATER.window });
    expect([...second.carriedOverIps].sort()).toEqual([...IPS].sort());
    expect(second.newIps).toEqual([]);
    expectEvidenceArrived(hw);
    for (const incident of second.incidents) expect(incident).toMatchObject({ action: 'updated', detail: expect.stringContaining('evidence added') });
    const comments = hw.workspace.sentinel.store.all('comment').map((c) => String(c.properties['message']));
    expect(comments).toHaveLength(IPS.length);
    for (const comment of comments) expect(comment).toMatch(/^Evidence for \S+, looked up again[\s\S]*Evidence now available/);
    expect(comments).toContainEqual(expect.stringContaining('severity raised to High (INCIDENT_HIGH_SEVERITY_EVIDENCE: contacted)'));
    expect(await deps.state.getPending()).toEqual([]);
    for (const [, record] of await deps.state.getSeen(IPS)) expect(record).not.toHaveProperty('evidenceMissing');

    // Nothing is left to retry: the run after that sends nothing.
    const writes = hw.workspace.sentinel.requests.length;
    const third = await runHunt(hw.deps({}, LATER.now), { trigger: 'cli', window: LATER.window });
    expect(third.incidents).toEqual([]);
    expect(hw.workspace.sentinel.requests).toHaveLength(writes);
  });

  it('gives up retrying after EVIDENCE_RETRY_RUNS runs when the evidence query always fails', async () => {
    const faults = new FaultPlan();
    let requests = 0;
    // Each run that finds something sends the hunting query, then the evidence query: every evidence query fails.
    faults.next({ kind: 'status', status: 400, code: 'BadArgumentError', message: 'evidence query refused' }, { match: () => ++requests % 2 === 0, times: Infinity });
    hw = await startHuntWorkspace({ tables: { SecurityEvent: processRows(), ...evidenceTables() }, logAnalytics: { faults } });
    const settings = { EVIDENCE_RETRY_RUNS: '1' };
    await runHunt(hw.deps(settings), { trigger: 'cli', window: FIXTURE_WINDOW });
    const second = await runHunt(hw.deps(settings, LATER.now), { trigger: 'cli', window: LATER.window });
    expect(second.incidents).toHaveLength(IPS.length);
    expect(await hw.deps().state.getPending()).toEqual([]);
    const third = await runHunt(hw.deps(settings, LATER.now), { trigger: 'cli', window: LATER.window });
    expect(third.incidents).toEqual([]);
    for (const [, incident] of incidentsByIp(hw)) expect(incident.description).toContain('not available');
  });

  it('adds the evidence an interrupted run could not, without a duplicate incident, when it crashed between publishing and recording', async () => {
    hw = await startHuntWorkspace({ tables: { SecurityEvent: processRows(), ...evidenceTables() }, logAnalytics: { faults: failingEvidenceQuery() } });
    const deps = hw.deps();
    const crashing: HuntDependencies = {
      ...deps,
      state: Object.assign(Object.create(Object.getPrototypeOf(deps.state) as object) as StateStore, deps.state, {
        putSeen: async () => {
          throw new Error('injected crash before the state write');
        },
      }),
    };
    await expect(runHunt(crashing, { trigger: 'cli', window: FIXTURE_WINDOW })).rejects.toThrow(/injected crash/);
    expect(hw.workspace.sentinel.store.count('incident')).toBe(IPS.length);

    // The rerun finds the incidents the crashed run wrote and leaves them as they are; it cannot tell whether they have their evidence.
    const rerun = await runHunt(deps, { trigger: 'cli', window: FIXTURE_WINDOW });
    for (const incident of rerun.incidents) expect(incident).toMatchObject({ action: 'unchanged', detail: expect.stringMatching(/interrupted run/) });
    expect((await deps.state.getPending()).map((f) => f.ip).sort()).toEqual([...IPS].sort());

    await runHunt(hw.deps({}, LATER.now), { trigger: 'cli', window: LATER.window });
    expectEvidenceArrived(hw);
    expect(hw.workspace.sentinel.store.count('relation')).toBe(IPS.length);
    expect(await deps.state.getPending()).toEqual([]);
    expect(await deps.state.getInFlight()).toEqual(new Set());
  });
});
