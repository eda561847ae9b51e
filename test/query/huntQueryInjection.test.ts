import { describe, expect, it } from 'vitest';
import { createKqlEngine } from '../../local/kql/createKqlEngine.js';
import { parseTableRows } from '../../local/tables/parseTableRows.js';
import { buildHuntQuery } from '../../src/query/buildHuntQuery.js';

/** Process names that try to end the string literal, the statement or the line. */
const HOSTILE = ['a"b.exe', 'x | take 1', '// y', 'c\\', '"]); SecurityEvent | take 1; let z = dynamic(["'];

const rows = [...HOSTILE, 'cmd.exe', 'notepad.exe'].map((Process, i) =>
  JSON.stringify({
    TimeGenerated: `2026-11-20T0${i}:00:00Z`,
    EventID: 4688,
    Computer: `HOST${i}`,
    Account: 'CONTOSO\\alice',
    Process,
    CommandLine: `${Process} http://45.9.148.${i + 1}/x`,
  }),
);
const engine = createKqlEngine({ tables: { SecurityEvent: parseTableRows('SecurityEvent', rows.join('\n')) }, now: () => new Date('2026-11-21T00:00:00Z') });

function processesFound(query: string): string[] {
  const [table] = engine.run(query).tables;
  const col = table!.columns.findIndex((c) => c.name === 'Process');
  return table!.rows.map((r) => String(r[col])).sort();
}

describe('the hunting query with hostile process names', () => {
  it('keeps them inside the literal: the query parses, binds, and matches exactly those names', () => {
    const query = buildHuntQuery({ mode: 'hunt', processes: HOSTILE });
    expect(processesFound(query)).toEqual([...HOSTILE].sort());
  });

  it('returns the seed output columns plus EventCount, the source and entity identifiers whatever the names are', () => {
    const query = buildHuntQuery({ mode: 'hunt', processes: HOSTILE });
    const [table] = engine.run(query).tables;
    expect(table!.columns.map((c) => c.name)).toEqual(['Host_count', 'IP', 'Process', 'CommandLine', 'FirstSeen', 'LastSeen', 'Hosts', 'Accounts', 'EventCount', 'HuntSource', 'HostIds', 'AccountSids']);
  });

  it('matches process names case-insensitively and hunts every process for *', () => {
    expect(processesFound(buildHuntQuery({ mode: 'hunt', processes: ['CMD.EXE'] }))).toEqual(['cmd.exe']);
    expect(processesFound(buildHuntQuery({ mode: 'hunt', processes: ['*'] }))).toHaveLength(HOSTILE.length + 2);
  });
});
