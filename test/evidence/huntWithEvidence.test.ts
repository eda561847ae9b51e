import { afterEach, describe, expect, it } from 'vitest';
import { FaultPlan } from '../../local/http/FaultPlan.js';
import { plantEvidence } from '../../local/sample/plantEvidence.js';
import { parseTableRows } from '../../local/tables/parseTableRows.js';
import { runHunt } from '../../src/hunt/runHunt.js';
import { FIXTURE_WINDOW, fixtureTable, startHuntWorkspace, type HuntWorkspace } from '../support/huntWorkspace.js';

const EXTRA = ['81.2.69.142', '81.2.69.143', '81.2.69.144'];
const EXTRA_AT = new Date('2026-11-20T16:00:00Z');
// One planted case per address, in EVIDENCE_CASES order: defender-allowed, cef-denied, defender-failed, ti-valid,
// ti-expired, ti-revoked, cef-allowed.
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
    expect(summary.evidence!.skippedSources).toEqual(['AZFWApplicationRule', 'AZFWNetworkRule', 'ThreatIntelligenceIndicator']);
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

  it('publishes every incident, saying the evidence is unavailable, when the evidence query fails', async () => {
    const faults = new FaultPlan();
    let requests = 0;
    // The first request is the hunting query; the second, the evidence query, fails.
    faults.next({ kind: 'status', status: 400, code: 'BadArgumentError', message: 'evidence query refused' }, { match: () => ++requests === 2 });
    hw = await startHuntWorkspace({ tables: { SecurityEvent: processRows(), ...evidenceTables() }, logAnalytics: { faults } });
    const summary = await runHunt(hw.deps(), { trigger: 'cli', window: FIXTURE_WINDOW });
    const incidents = incidentsByIp(hw);
    expect([...incidents.keys()].sort()).toEqual([...IPS].sort());
    for (const [, incident] of incidents) expect(incident.description).toContain('**Evidence:** not available');
    expect(summary.evidence!.problems).toEqual([expect.stringContaining('evidence query for 7 address(es)')]);
    expect(summary.failures).toEqual([]);
  });
});
