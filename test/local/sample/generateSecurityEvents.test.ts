import { describe, expect, it } from 'vitest';
import { extractAddresses } from '../../../src/detect/extractAddresses.js';
import { generateSecurityEvents } from '../../../local/sample/generateSecurityEvents.js';
import { parseTableRows } from '../../../local/tables/parseTableRows.js';

const start = new Date('2024-05-01T00:00:00Z');

describe('generateSecurityEvents', () => {
  it('is deterministic by seed', () => {
    const a = generateSecurityEvents({ rows: 2000, seed: 42, start, days: 3 });
    const b = generateSecurityEvents({ rows: 2000, seed: 42, start, days: 3 });
    const c = generateSecurityEvents({ rows: 2000, seed: 43, start, days: 3 });
    expect(b).toEqual(a);
    expect(c.rows).not.toEqual(a.rows);
  });

  it('spreads rows over the requested days and produces valid SecurityEvent rows', () => {
    const { rows } = generateSecurityEvents({ rows: 5000, seed: 1, start, days: 2 });
    const times = rows.map((r) => Date.parse(r.TimeGenerated));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(start.getTime());
    expect(Math.max(...times)).toBeLessThan(start.getTime() + 2 * 86_400_000);
    expect(new Set(rows.map((r) => r.EventID))).toEqual(new Set([4688]));
    expect(parseTableRows('SecurityEvent', JSON.stringify(rows)).rowCount).toBe(5000);
  });

  it('plants only public, normalized addresses, and benign lines hold no external address', () => {
    const { rows, plantedIps } = generateSecurityEvents({ rows: 50_000, seed: 7, start, days: 7 });
    const planted = new Set(plantedIps);
    const found = new Set<string>();
    const encodings = new Set<string>();
    const hostsByIp = new Map<string, Set<string>>();
    for (const row of rows) {
      for (const a of extractAddresses(row.CommandLine)) {
        if (a.kind !== 'external') continue;
        expect(planted.has(a.address), `${a.address} in "${row.CommandLine}"`).toBe(true);
        found.add(a.address);
        encodings.add(a.encoding);
        (hostsByIp.get(a.address) ?? hostsByIp.set(a.address, new Set()).get(a.address)!).add(row.Computer);
      }
    }
    expect([...found].sort()).toEqual(plantedIps);
    expect([...encodings].sort()).toEqual(['decimal', 'dotted', 'encoded-command', 'hex', 'ipv6', 'octal']);
    expect(Math.max(...[...hostsByIp.values()].map((hosts) => hosts.size))).toBeGreaterThan(1);
    for (const ip of plantedIps) expect(extractAddresses(ip)[0]?.address).toBe(ip);
  });

  it('writes -EncodedCommand in its abbreviations, each decodable to its planted address', () => {
    const { rows } = generateSecurityEvents({ rows: 50_000, seed: 11, start, days: 7 });
    const encoded = rows.filter((r) => / (?:-EncodedCommand|-EncodedC|-enc|-ec|-e|\/enc) [A-Za-z0-9+/=]{40,}$/.test(r.CommandLine));
    const switches = new Set(encoded.map((r) => / ((?:-|\/)\w+) [A-Za-z0-9+/=]+$/.exec(r.CommandLine)![1]));
    expect([...switches].sort()).toEqual(['-EncodedC', '-EncodedCommand', '-e', '-ec', '-enc', '/enc']);
    expect(encoded).not.toHaveLength(0);
    for (const row of encoded) {
      expect(extractAddresses(row.CommandLine), row.CommandLine).toContainEqual(expect.objectContaining({ encoding: 'encoded-command', kind: 'external' }));
    }
  });

  it('includes every false-positive scenario of the seed document and version look-alikes', () => {
    const lines = new Set(generateSecurityEvents({ rows: 20_000, seed: 3, start, days: 1 }).rows.map((r) => r.CommandLine));
    const expectSome = (re: RegExp) => expect([...lines].find((l) => re.test(l)), `a line matching ${re}`).toBeDefined();
    expectSome(/^rsync --server .*ssh:\/\/deploy@10\./);
    expectSome(/curl\.exe https:\/\/logs\.example-monitoring\.com\/api\/v1\/logs/);
    expectSome(/mysqldump -u .* --host=cloud-db\.example\.com/);
    expectSome(/mstsc\.exe \/v:192\.168\.1\.50/);
    expectSome(/nslookup intranet\.contoso\.local 10\.0\.0\.53/);
    expectSome(/WindowsAzureNetAgent_1\.0\.0\.178/);
    expectSome(/1\.3\.00\.217/);
  });
});
