import { beforeAll, describe, expect, it } from 'vitest';
import { createKqlEngine } from '../../../local/kql/createKqlEngine.js';
import { parseTableRows } from '../../../local/tables/parseTableRows.js';
import type { KqlEngine, KqlResultTable } from '../../../local/kql/kqlTypes.js';

// Our own queries exercising what community hunting queries over SecurityEvent need.
let engine: KqlEngine;

beforeAll(() => {
  const rows = [
    { TimeGenerated: '2024-05-01T10:00:00Z', EventID: 4688, Computer: 'ws1.contoso.com', NewProcessName: 'C:\\Windows\\cmd.exe', CommandLine: 'net user bob x /add' },
    { TimeGenerated: '2024-05-02T11:00:00Z', EventID: 4688, Computer: 'ws2.eu.contoso.com', NewProcessName: 'C:\\Windows\\cmd.exe', CommandLine: 'dir' },
    { TimeGenerated: '2024-05-02T12:00:00Z', EventID: 4688, Computer: 'ws2.eu.contoso.com', NewProcessName: 'C:\\Tools\\tool7.exe', CommandLine: 'tool7' },
    { TimeGenerated: '2024-05-03T12:00:00Z', EventID: 4624, Computer: 'dc1', NewProcessName: '', CommandLine: '' },
  ];
  engine = createKqlEngine({ tables: { SecurityEvent: parseTableRows('SecurityEvent', JSON.stringify(rows)) } });
});

function table(query: string): KqlResultTable {
  return engine.run(query).tables[0]!;
}

function value(expression: string): unknown {
  return table(`print v = ${expression}`).rows[0]![0];
}

describe('user-defined functions (let statement docs)', () => {
  it('expands a parameterless tabular function with lets in its body, referenced with or without ()', () => {
    const query = `let Procs = () { let p = SecurityEvent | where EventID == 4688; p | project Computer };
      Procs | union (Procs()) | count`;
    expect(table(query).rows).toEqual([[6]]);
  });

  it('binds scalar parameters and defaults, in the scope where the function was declared', () => {
    const query = `let suffix = ".com"; let ByEvent = (e:long = 4688) { SecurityEvent | where EventID == e and Computer endswith suffix };
      print a = toscalar(ByEvent() | count), b = toscalar(ByEvent(4624) | count)`;
    expect(table(query).rows).toEqual([[3, 0]]);
  });

  it('calls a scalar function', () => {
    expect(table('let twice = (x:long) { x * 2 }; print v = twice(21)').rows).toEqual([[42]]);
  });
});

describe('materialize, serialize, toscalar, percentiles', () => {
  it('rates rare processes below a percentile of their frequencies', () => {
    const query = `let freqs = materialize(SecurityEvent | where EventID == 4688 | summarize frequency = count() by NewProcessName);
      freqs | where frequency <= toscalar(freqs | serialize | project frequency | summarize percentiles(frequency, 5)) | project NewProcessName`;
    expect(table(query).rows).toEqual([['C:\\Tools\\tool7.exe']]);
  });

  it('gives one column per percentile, nearest rank', () => {
    const result = table('datatable(x:long)[1, 2, 3, 4, 5, 6, 7, 8, 9, 10] | summarize percentiles(x, 10, 50, 95), p = percentile(x, 100)');
    expect(result.columns.map((c) => c.name)).toEqual(['percentile_x_10', 'percentile_x_50', 'percentile_x_95', 'p']);
    expect(result.rows).toEqual([[1, 5, 10, 10]]);
  });

  it('returns null from toscalar of an empty table', () => {
    expect(value('toscalar(SecurityEvent | where EventID == 1 | count | where Count > 0)')).toBeNull();
  });
});

describe('named aggregate arguments', () => {
  it('takes make_set(x, maxSize=N) as make_set(x, N)', () => {
    const result = table('SecurityEvent | summarize Hosts = make_set(Computer, maxSize=2), All = make_set(Computer)');
    expect((result.rows[0]![0] as unknown[]).length).toBe(2);
    expect((result.rows[0]![1] as unknown[]).length).toBe(3);
  });
});

describe('scalar functions the community queries use', () => {
  it.each([
    [`strcat_array(array_slice(split('ws2.eu.contoso.com', '.'), 1, -1), '.')`, 'eu.contoso.com'],
    [`strcat_array(array_slice(split('dc1', '.'), 1, -1), '.')`, ''],
    [`array_slice(dynamic([1, 2, 3, 4]), -2, 10)`, [3, 4]],
    [`array_slice(dynamic([1, 2, 3]), 2, 1)`, []],
    [`strcat_array(dynamic([1, "a", true]), '-')`, '1-a-true'],
    [`replace(@'\\d', 'n', 'tool7x9')`, 'toolnxn'],
    ["replace(@'(\\w+)@(\\w+)', @'\\2 at \\1', 'bob@contoso')", 'contoso at bob'],
    [`datetime_diff('day', datetime(2024-05-02 00:10), datetime(2024-05-01 23:50))`, 1],
    [`datetime_diff('hour', datetime(2024-05-01 10:59), datetime(2024-05-01 10:01))`, 0],
    [`datetime_diff('month', datetime(2024-03-01), datetime(2023-12-31))`, 3],
    [`datetime_diff('year', datetime(2024-01-01), datetime(2023-12-31))`, 1],
    [`datetime_diff('week', datetime(2024-05-05), datetime(2024-05-04))`, 1],
    [`hourofday(datetime(2024-05-01 13:45))`, 13],
    [`dayofweek(datetime(2024-05-01)) == 3d`, true],
    [`todecimal('2.5') * 2`, 5],
    [`log2(8)`, 3],
    [`arraylength(dynamic([1, 2]))`, 2],
  ])('%s', (expression, expected) => {
    expect(value(expression)).toEqual(expected);
  });
});

describe('parse flags= with kind=regex', () => {
  it('matches case-insensitively and ungreedily', () => {
    const result = table(`print c = 'NET USER bob secret /add' | parse kind=regex flags=iU c with * "user " CreatedUser " " * "/add"`);
    expect(result.rows).toEqual([['NET USER bob secret /add', 'bob secret']]);
    const lazy = table(`print c = 'NET USER bob secret /add' | parse kind=regex flags=i c with * "user " CreatedUser " " * "/add"`);
    expect(lazy.rows).toEqual([['NET USER bob secret /add', 'bob']]);
  });
});
