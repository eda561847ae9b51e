import { beforeAll, describe, expect, it } from 'vitest';
import { createKqlEngine } from '../../local/kql/createKqlEngine.js';
import type { KqlEngine } from '../../local/kql/kqlTypes.js';
import { plantEvidence } from '../../local/sample/plantEvidence.js';
import { parseTableRows } from '../../local/tables/parseTableRows.js';
import { buildEvidenceQuery } from '../../src/evidence/buildEvidenceQuery.js';
import { DEFAULT_EVIDENCE_SOURCES } from '../../src/evidence/evidenceSources.js';
import { evidenceFacts } from '../../src/evidence/evidenceFacts.js';
import { readEvidenceRows } from '../../src/evidence/readEvidenceRows.js';

const SEEN = new Date('2026-03-02T10:00:00Z');
// One address per planted case (EVIDENCE_CASES order), then one without evidence.
const IPS = Array.from({ length: 11 }, (_, i) => `198.51.100.${i + 1}`);
const planted = plantEvidence(IPS, () => SEEN);
const thresholds = { minAllowedConnections: 1, minIndicatorConfidence: 0 };
let full: KqlEngine;
let bare: KqlEngine;

beforeAll(() => {
  const tables = Object.fromEntries(Object.entries(planted.tables).map(([name, rows]) => [name, parseTableRows(name, JSON.stringify(rows))]));
  full = createKqlEngine({ tables });
  bare = createKqlEngine({ tables: { SecurityEvent: parseTableRows('SecurityEvent', '[]') } });
});

function run(engine: KqlEngine, ips = IPS, from = new Date(SEEN.getTime() - 3_600_000)) {
  const query = buildEvidenceQuery({
    targets: ips.map((ip) => ({ ip, from })),
    sources: DEFAULT_EVIDENCE_SOURCES,
    end: new Date('2026-03-03T00:00:00Z'),
    tiStart: new Date('2026-02-15T00:00:00Z'),
    sampleSize: 10,
  });
  const result = engine.run(query);
  const table = result.tables[0]!;
  const rows = table.rows.map((r) => Object.fromEntries(table.columns.map((c, i) => [c.name, r[i]])));
  return { read: readEvidenceRows(rows), warnings: result.warnings ?? [] };
}

describe('the evidence query over planted connections and indicators', { timeout: 120_000 }, () => {
  it('gives contacted or ti-match exactly where a host reached the address or a valid indicator names it', () => {
    const { read } = run(full);
    expect(read.rowErrors).toEqual([]);
    const facts = IPS.map((ip) => {
      const evidence = read.byIp.get(ip) ?? { ip, connections: [], indicators: [] };
      return { ip, labels: evidenceFacts(evidence, { firstSeen: SEEN, lastSeen: SEEN }, thresholds).labels };
    });
    expect(facts).toEqual([
      { ip: IPS[0], labels: ['contacted'] },
      { ip: IPS[1], labels: ['blocked'] },
      { ip: IPS[2], labels: [] },
      { ip: IPS[3], labels: ['ti-match'] },
      { ip: IPS[4], labels: [] },
      { ip: IPS[5], labels: [] },
      { ip: IPS[6], labels: ['contacted'] },
      { ip: IPS[7], labels: ['contacted'] },
      { ip: IPS[8], labels: ['blocked'] },
      { ip: IPS[9], labels: ['ti-match'] },
      { ip: IPS[10], labels: [] },
    ]);
    expect(planted.raising).toEqual([IPS[0], IPS[3], IPS[6], IPS[7], IPS[9]]);
  });

  it('summarises connections per source and outcome, and keeps the latest record of each indicator', () => {
    const { read } = run(full);
    expect(read.byIp.get(IPS[0])!.connections).toEqual([
      { source: 'DeviceNetworkEvents', outcome: 'allowed', count: 1, first: expect.any(Date), last: expect.any(Date), hosts: ['ws0.corp.example'], ports: [443], processes: ['powershell.exe'] },
      { source: 'DeviceNetworkEvents', outcome: 'failed', count: 1, first: expect.any(Date), last: expect.any(Date), hosts: ['ws0.corp.example'], ports: [443], processes: ['powershell.exe'] },
    ]);
    expect(read.byIp.get(IPS[1])!.connections).toMatchObject([{ source: 'CommonSecurityLog', outcome: 'blocked', count: 2, hosts: ['fw-client1'], ports: [8080] }]);
    expect(read.byIp.get(IPS[5])!.indicators).toMatchObject([{ id: 'indicator--revoked-5', revoked: true, active: false }]);
    expect(read.byIp.get(IPS[3])!.indicators).toMatchObject([{ source: 'ThreatIntelIndicators', confidence: 80, description: expect.stringContaining('C2 server') }]);
    expect(read.present).toEqual(['AZFWApplicationRule', 'AZFWNetworkRule', 'CommonSecurityLog', 'DeviceNetworkEvents', 'ThreatIntelIndicators', 'ThreatIntelligenceIndicator']);
  });

  it('reads Azure Firewall network and application rules and the legacy indicator table', () => {
    const { read } = run(full);
    expect(read.byIp.get(IPS[7])!.connections).toMatchObject([{ source: 'AZFWNetworkRule', outcome: 'allowed', count: 1, hosts: ['10.0.1.4'], ports: [443] }]);
    expect(read.byIp.get(IPS[8])!.connections).toMatchObject([{ source: 'AZFWApplicationRule', outcome: 'blocked', count: 1, hosts: ['10.0.1.4'], ports: [443] }]);
    expect(read.byIp.get(IPS[9])!.indicators).toMatchObject([
      { source: 'ThreatIntelligenceIndicator', id: 'legacy-valid-9', confidence: 70, active: true, validUntil: expect.any(Date), description: expect.stringContaining('C2: Planted legacy indicator') },
    ]);
  });

  it('takes revocation from the Revoked column, the STIX object in Data only when the column is empty', () => {
    const indicator = planted.tables.ThreatIntelIndicators.find((r) => r['Id'] === 'indicator--valid-3')!;
    const engine = (record: Record<string, unknown>) => {
      const tables = { ThreatIntelIndicators: parseTableRows('ThreatIntelIndicators', JSON.stringify([record])) };
      return createKqlEngine({ tables });
    };
    const revoked = (record: Record<string, unknown>) => run(engine(record)).read.byIp.get(IPS[3])!.indicators[0]!.revoked;
    expect(revoked(indicator)).toBe(false);
    expect(revoked({ ...indicator, Revoked: true })).toBe(true);
    expect(revoked({ ...indicator, Revoked: null, Data: { name: 'x', revoked: true } })).toBe(true);
  });

  it('does not count connections before the lead of the first sighting', () => {
    const { read } = run(full, IPS, new Date(SEEN.getTime() + 2 * 3_600_000));
    expect([...read.byIp.values()].flatMap((e) => e.connections)).toEqual([]);
  });

  it('over a workspace without any evidence table finds nothing and names no table present', () => {
    const { read, warnings } = run(bare);
    expect(read).toEqual({ byIp: new Map(), present: [], rowErrors: [] });
    expect(warnings).toEqual(expect.arrayContaining(["Failed to resolve table or function expression named 'DeviceNetworkEvents'"]));
  });

  it('keeps addresses as escaped literals', () => {
    const query = buildEvidenceQuery({
      targets: [{ ip: '1.2.3.4") | take 1 //', from: SEEN }],
      sources: ['defender'],
      end: SEEN,
      tiStart: SEEN,
      sampleSize: 5,
    });
    expect(query).toContain('"1.2.3.4\\") | take 1 //"');
  });

  it('filters the ASIM parser by address prefix only when every address is IPv4 (its prefix match is IPv4 only)', () => {
    const query = (ips: string[]) => buildEvidenceQuery({ targets: ips.map((ip) => ({ ip, from: SEEN })), sources: ['asim'], end: SEEN, tiStart: SEEN, sampleSize: 5 });
    expect(query(['198.51.100.1', '198.51.100.2'])).toContain('let Ipv4Prefixes = dynamic(["198.51.100.1", "198.51.100.2"]);');
    expect(query(['198.51.100.1', '2001:db8::1'])).toContain('let Ipv4Prefixes = dynamic([]);');
    expect(query(['198.51.100.1'])).toContain('dstipaddr_has_any_prefix = Ipv4Prefixes');
    expect(buildEvidenceQuery({ targets: [{ ip: '198.51.100.1', from: SEEN }], sources: ['defender'], end: SEEN, tiStart: SEEN, sampleSize: 5 })).not.toContain('Ipv4Prefixes');
  });
});
