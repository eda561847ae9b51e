import { describe, expect, it } from 'vitest';
import { compileExclusions } from '../../src/exclusions/compileExclusions.js';
import { emptyExclusionInput, parseCidrList, parseExclusionRules } from '../../src/exclusions/exclusionInput.js';
import { aggregateFindings } from '../../src/findings/aggregateFindings.js';
import { displayEntities, entitiesFromText } from '../../src/entities/entityLists.js';
import type { EventRow, Finding } from '../../src/findings/finding.js';

const hostsOf = (f: Finding): string[] => displayEntities(f.entities).hosts;

const NOW = new Date('2026-06-01T00:00:00Z');
const none = { exclusions: compileExclusions(emptyExclusionInput, NOW), maxCommandLines: 20 };

function withExclusions(cidrs: string, rules: unknown[] = [], maxCommandLines = 20) {
  return { exclusions: compileExclusions({ cidrs: parseCidrList(cidrs).cidrs, rules: parseExclusionRules(rules, 'EXCLUSION_RULES').rules }, NOW), maxCommandLines };
}

const raw = (CommandLine: string, Computer: string, Account: string, TimeGenerated: string, Process = 'cmd.exe'): EventRow => ({
  CommandLine,
  Computer,
  Account,
  TimeGenerated,
  Process,
});

describe('aggregateFindings', () => {
  it('makes one finding per external IP from raw SecurityEvent rows', () => {
    const result = aggregateFindings(
      [
        raw('ping 45.9.148.3', 'PC1', 'CORP\\ann', '2026-05-01T10:00:00Z'),
        raw('curl http://45.9.148.3/a & ping 10.0.0.1', 'PC2', 'CORP\\bob', '2026-05-01T09:00:00Z', 'curl.exe'),
        raw('ping 45.9.148.3', 'PC1', 'CORP\\ann', '2026-05-02T10:00:00Z'),
        raw('ipconfig /all', 'PC3', 'CORP\\cy', '2026-05-01T10:00:00Z'),
      ],
      none,
    );
    expect(result.findings).toEqual([
      {
        ip: '45.9.148.3',
        version: 4,
        entities: entitiesFromText({ hosts: ['PC1', 'PC2'], accounts: ['CORP\\ann', 'CORP\\bob'] }),
        processes: ['cmd.exe', 'curl.exe'],
        commandLines: ['ping 45.9.148.3', 'curl http://45.9.148.3/a & ping 10.0.0.1'],
        commandLinesOmitted: 0,
        encodings: ['dotted'],
        firstSeen: new Date('2026-05-01T09:00:00Z'),
        lastSeen: new Date('2026-05-02T10:00:00Z'),
        eventCount: 3,
        rawForms: [{ text: '45.9.148.3', encoded: false }],
        rawFormsOmitted: 0,
        samples: [
          { time: new Date('2026-05-01T10:00:00Z'), entities: { hosts: 'PC1', accounts: 'CORP\\ann' }, process: 'cmd.exe', commandLine: 'ping 45.9.148.3' },
          { time: new Date('2026-05-01T09:00:00Z'), entities: { hosts: 'PC2', accounts: 'CORP\\bob' }, process: 'curl.exe', commandLine: 'curl http://45.9.148.3/a & ping 10.0.0.1' },
        ],
      },
    ]);
    expect(result).toMatchObject({ rows: 4, candidateLines: 3, externalSightings: 3, excluded: [], rowErrors: [] });
  });

  it('re-extracts every IP from CommandLine and ignores the seed IP column', () => {
    const result = aggregateFindings(
      [{ IP: '/185.220.101.4', CommandLine: 'copy \\\\185.220.101.4\\s x & ping 91.215.85.17', FirstSeen: '2026-05-01T00:00:00Z', LastSeen: '2026-05-03T00:00:00Z', Hosts: ['A', 'B'], Accounts: ['u'], Host_count: 2, Process: 'cmd.exe' }],
      none,
    );
    expect(result.findings.map((f) => [f.ip, hostsOf(f), f.eventCount])).toEqual([
      ['185.220.101.4', ['A', 'B'], 2],
      ['91.215.85.17', ['A', 'B'], 2],
    ]);
  });

  it('reads Hosts and Accounts given as JSON strings, and EventCount from our hunt query', () => {
    const result = aggregateFindings(
      [{ CommandLine: 'ping 8.8.8.8', FirstSeen: new Date('2026-05-01T00:00:00Z'), LastSeen: new Date('2026-05-01T01:00:00Z'), Hosts: '["H1","H2","H3"]', Accounts: '["a"]', EventCount: 17 }],
      none,
    );
    expect(result.findings[0]).toMatchObject({ entities: entitiesFromText({ hosts: ['H1', 'H2', 'H3'], accounts: ['a'] }), eventCount: 17 });
  });

  it('falls back to Host_count, then the number of hosts, for summarized rows without EventCount', () => {
    const base = { CommandLine: 'ping 8.8.8.8', FirstSeen: '2026-05-01T00:00:00Z', LastSeen: '2026-05-01T00:00:00Z' };
    expect(aggregateFindings([{ ...base, Hosts: ['a', 'b'], Host_count: 2, EventCount: '9' as unknown as number }], none).findings[0]!.eventCount).toBe(9);
    expect(aggregateFindings([{ ...base, Hosts: ['a', 'b', 'c'], Host_count: 3 }], none).findings[0]!.eventCount).toBe(3);
    expect(aggregateFindings([{ ...base, Hosts: '["a","b"]' }], none).findings[0]!.eventCount).toBe(2);
  });

  it('sorts findings by host count, then IP', () => {
    const t = '2026-05-01T00:00:00Z';
    const result = aggregateFindings(
      [raw('ping 9.9.9.9', 'A', 'u', t), raw('ping 8.8.8.8', 'A', 'u', t), raw('ping 1.1.1.1', 'A', 'u', t), raw('ping 1.1.1.1', 'B', 'u', t)],
      none,
    );
    expect(result.findings.map((f) => f.ip)).toEqual(['1.1.1.1', '8.8.8.8', '9.9.9.9']);
  });

  it('caps distinct command lines and counts the rest', () => {
    const rows = Array.from({ length: 5 }, (_, i) => raw(`ping 8.8.8.8 -n ${i}`, 'A', 'u', '2026-05-01T00:00:00Z'));
    rows.push(raw('ping 8.8.8.8 -n 0', 'A', 'u', '2026-05-01T00:00:00Z'));
    const [finding] = aggregateFindings(rows, { ...none, maxCommandLines: 2 }).findings;
    expect(finding).toMatchObject({ commandLines: ['ping 8.8.8.8 -n 0', 'ping 8.8.8.8 -n 1'], commandLinesOmitted: 3, eventCount: 6 });
  });

  it('removes an address excluded by CIDR everywhere and reports the exclusion with its event count', () => {
    const t = '2026-05-01T00:00:00Z';
    const result = aggregateFindings(
      [raw('x 168.63.129.16 & ping 8.8.8.8', 'A', 'u', t), raw('y 168.63.129.16', 'B', 'u', t)],
      withExclusions('168.63.129.16'),
    );
    expect(result.findings.map((f) => f.ip)).toEqual(['8.8.8.8']);
    expect(result.excluded).toEqual([
      { ip: '168.63.129.16', rule: 'EXCLUDED_CIDRS 168.63.129.16/32', reason: 'in excluded range 168.63.129.16/32 (configured as "168.63.129.16")', eventCount: 2 },
    ]);
  });

  it('removes only the matching hosts of a multi-host row for a host rule', () => {
    const result = aggregateFindings(
      [{ CommandLine: 'ping 8.8.8.8', FirstSeen: '2026-05-01T00:00:00Z', LastSeen: '2026-05-01T00:00:00Z', Hosts: ['BUILD-1', 'PC-9'], Accounts: ['u'], EventCount: 4 }],
      withExclusions('', [{ host: 'build-*', reason: 'build agents ping the resolver' }]),
    );
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ entities: { hosts: entitiesFromText({ hosts: ['PC-9'] }).hosts }, eventCount: 4 });
    expect(result.excluded).toEqual([{ ip: '8.8.8.8', rule: 'EXCLUSION_RULES[0]', reason: 'build agents ping the resolver', eventCount: 4 }]);
  });

  it('drops a finding when a rule removes all of its sightings', () => {
    const result = aggregateFindings(
      [raw('nslookup x 8.8.8.8', 'A', 'svc_dns', '2026-05-01T00:00:00Z')],
      withExclusions('', [{ account: 'svc_*', ip: '8.8.8.8' }]),
    );
    expect(result.findings).toEqual([]);
    expect(result.excluded).toHaveLength(1);
  });

  it('reports unusable rows by index instead of dropping them silently', () => {
    const result = aggregateFindings(
      [
        { CommandLine: 42 } as unknown as EventRow,
        null as unknown as EventRow,
        { CommandLine: 'ping 8.8.8.8' },
        { CommandLine: 'ping 8.8.8.8', TimeGenerated: 'yesterday' },
        raw('ping 8.8.8.8', 'A', 'u', '2026-05-01T00:00:00Z'),
      ],
      none,
    );
    expect(result.rowErrors).toEqual([
      { index: 0, message: 'row 0: CommandLine is not a string (got number)' },
      { index: 1, message: 'row 1: row is not an object (got null)' },
      { index: 2, message: 'row 2: has no TimeGenerated and no FirstSeen/LastSeen' },
      { index: 3, message: 'row 3: TimeGenerated is not a date (got string "yesterday")' },
    ]);
    expect(result.rows).toBe(5);
    expect(result.findings).toHaveLength(1);
  });

  it('records how each address was written', () => {
    const enc = Buffer.from('iwr http://45.9.148.3/', 'utf16le').toString('base64');
    const t = '2026-05-01T00:00:00Z';
    const result = aggregateFindings([raw('curl http://0x2d099403/', 'A', 'u', t), raw(`powershell -enc ${enc}`, 'A', 'u', t)], none);
    expect(result.findings[0]!.encodings).toEqual(['encoded-command', 'hex']);
  });

  it('gives IPv6 findings version 6', () => {
    const result = aggregateFindings([raw('ping -6 2606:4700:4700::1111', 'A', 'u', '2026-05-01T00:00:00Z')], none);
    expect(result.findings[0]).toMatchObject({ ip: '2606:4700:4700::1111', version: 6 });
  });
});
