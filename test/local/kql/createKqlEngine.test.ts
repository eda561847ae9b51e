import { beforeAll, describe, expect, it } from 'vitest';
import { QueryError } from '../../../src/errors.js';
import { createKqlEngine } from '../../../local/kql/createKqlEngine.js';
import { parseTableRows } from '../../../local/tables/parseTableRows.js';
import type { KqlEngine, KqlResultTable } from '../../../local/kql/kqlTypes.js';

// Kusto.Language loads once per test file (about a second); every test here shares this engine.
const NOW = new Date('2024-05-10T12:00:00Z');
let engine: KqlEngine;

beforeAll(() => {
  const rows = [
    { TimeGenerated: '2024-05-01T10:00:00Z', EventID: 4688, Computer: 'WS1', Account: 'C\\a', Process: 'cmd.exe', CommandLine: 'ping 10.0.0.1' },
    { TimeGenerated: '2024-05-02T10:00:00Z', EventID: 4688, Computer: 'WS2', Account: 'C\\b', Process: 'powershell.exe', CommandLine: 'x' },
    { TimeGenerated: '2024-05-03T10:00:00Z', EventID: 4624, Computer: 'WS2', Account: 'C\\b', Process: 'lsass.exe' },
  ];
  engine = createKqlEngine({
    tables: { SecurityEvent: parseTableRows('SecurityEvent', JSON.stringify(rows)) },
    now: () => NOW,
  });
});

function table(query: string): KqlResultTable {
  return engine.run(query).tables[0]!;
}

/** The single value of a one-row, one-column result. */
function scalar(expression: string): unknown {
  const t = table(`print v = ${expression}`);
  return t.rows[0]![0];
}

describe('string operators (has is term-based, contains is substring)', () => {
  it.each([
    ['"KustoExplorerQueryRun" has "Explorer"', false],
    ['"KustoExplorerQueryRun" contains "Explorer"', true],
    ['"North America" !has "amer"', true],
    ['"North America" has "america"', true],
    ['"North America" has_cs "america"', false],
    ['@"C:\\Windows\\System32\\cmd.exe" has "cmd.exe"', true],
    ['"xcmd.exe" has "cmd.exe"', false],
    ['"powershell.exe" has "powershell"', true],
    ['"PowerShell_ISE.exe" has "powershell"', true],
    ['"pwsh.exe" has "powershell"', false],
    ['"a b" has ""', false],
    ['"pwsh.exe" has_any ("powershell", "pwsh")', true],
    ['"pwsh.exe" has_any (dynamic(["powershell", "cmd.exe"]))', false],
    ['"a b c" has_all ("a", "c")', true],
    ['"a b c" has_all ("a", "d")', false],
    ['"Hello" startswith "he"', true],
    ['"Hello" startswith_cs "he"', false],
    ['"Hello" endswith "LO"', true],
    ['"Hello" endswith_cs "LO"', false],
    ['"Hello" =~ "hello"', true],
    ['"Hello" == "hello"', false],
    ['"Hello" !~ "hello"', false],
    ['"Hello" contains_cs "ell"', true],
    ['"Hello" !contains "ELL"', false],
    ['"Hello" hasprefix "hel"', true],
    ['"Hello" hassuffix "llo"', true],
    ['"abc123" matches regex @"\\d{3}$"', true],
    ['"ABC" matches regex "abc"', false],
    ['"ABC" matches regex "(?i)abc"', true],
  ])('%s → %s', (expression, expected) => {
    expect(scalar(expression)).toBe(expected);
  });
});

describe('in, !in and in~ (case-sensitive unless ~; dynamic arrays flatten)', () => {
  it.each([
    ['"cmd.exe" in ("cmd.exe", "x")', true],
    ['"CMD.EXE" in ("cmd.exe")', false],
    ['"CMD.EXE" in~ ("cmd.exe")', true],
    ['"CMD.EXE" in~ (dynamic(["a", "cmd.exe"]))', true],
    ['"b" !in ("a", "c")', true],
    ['"B" !in~ ("b")', false],
    ['4688 in (4688, 4624)', true],
    ['int(4) in (dynamic([4, 5]))', true],
  ])('%s → %s', (expression, expected) => {
    expect(scalar(expression)).toBe(expected);
  });
});

describe('null semantics', () => {
  it('where keeps only rows whose predicate is exactly true (null drops the row)', () => {
    const t = table('datatable(x:long)[1, long(null), 3] | where x > 1');
    expect(t.rows).toEqual([[3]]);
    const negated = table('datatable(x:long)[1, long(null), 3] | where not(x > 1)');
    expect(negated.rows).toEqual([[1]]);
  });

  it.each([
    ['not(bool(null))', null],
    ['isnull(not(bool(null)))', true],
    ['ipv4_is_private("/45.67.89.123")', null],
    ['not(ipv4_is_private("/45.67.89.123"))', null],
    ['false and bool(null)', false],
    ['true or bool(null)', true],
    ['isnull(true and bool(null))', true],
    ['long(null) == 1', false],
    ['long(null) != 1', true],
    ['isnull(long(null) + 1)', true],
    ['isnull(long(null) > 1)', true],
    ['isnull("")', false],
    ['isempty("")', true],
    ['isnotempty(" ")', true],
    ['isnull(parse_json(""))', true],
    ['iff(bool(null), "a", "b")', 'b'],
    ['strcat("a", long(null), "b")', 'ab'],
    ['tostring(long(null))', ''],
    ['coalesce(long(null), 2, 3)', 2],
    ['coalesce("", "x")', 'x'],
  ])('%s → %s', (expression, expected) => {
    expect(scalar(expression)).toBe(expected);
  });

  it('string results are never null: a failed extract is ""', () => {
    const t = table('print v = extract("(z+)", 1, "abc") | extend n = isnull(v), e = isempty(v)');
    expect(t.rows).toEqual([['', false, true]]);
  });
});

describe('the seed regex (the [^ ] lands inside capture group 1)', () => {
  const SEED_REGEX =
    '"([^ ](\\\\b25[0-5]|\\\\b2[0-4][0-9]|\\\\b[01]?[0-9][0-9]?)(\\\\.(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)){3}|(\\\\b25[0-5]|\\\\b2[0-4][0-9]|\\\\b[01]?[0-9][0-9]?)(\\\\.(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)){3}[^ ])"';
  it.each([
    ['ping 8.8.8.8', ''],
    ['ping 8.8.8.81 -n 1', '8.8.8.81'],
    ['ping 10.20.30.40 -n 1', '10.20.30.40'],
    ['iwr http://45.67.89.123/p.ps1', '/45.67.89.123'],
    ['curl 93.184.216.34:443', '93.184.216.34:'],
    ['x 198.51.100.23 y', '198.51.100.23'],
    ['a 300.1.1.1 b', ''],
    ['x=1.2.3.4', '=1.2.3.4'],
    ['1.2.3.45', '1.2.3.45'],
    ['v1.2.3.45 b', ''],
    // Unicode \b: é is a word character in KQL (Rust regex), so there is no boundary before the 1.
    ['é1.2.3.45', ''],
    ['Ж1.2.3.4', ''],
  ])('extract(ipv4_regex, 1, "%s") is "%s"', (commandLine, expected) => {
    expect(scalar(`extract(${SEED_REGEX}, 1, ${JSON.stringify(commandLine)})`)).toBe(expected);
  });

  it('treats \\d and \\w as Unicode classes', () => {
    expect(scalar('extract(@"(\\d+)", 1, "x ١٢٣ y")')).toBe('١٢٣');
    expect(scalar('extract(@"(\\w+)", 1, "-é-")')).toBe('é');
  });
});

describe('aggregation', () => {
  const numbers = Array.from({ length: 200 }, (_, i) => i).join(',');
  it('caps the deprecated makeset at 128 and make_set at 1048576', () => {
    const t = table(
      `print a = dynamic([${numbers}]) | mv-expand a to typeof(long) | summarize s = makeset(a), t = make_set(a), l = makelist(a), m = make_list(a) | project array_length(s), array_length(t), array_length(l), array_length(m)`,
    );
    expect(t.rows).toEqual([[128, 200, 128, 200]]);
  });

  it('counts, sums and picks as documented', () => {
    const t = table(
      'datatable(k:string, v:long, w:string)["a", 1, "x", "a", 3, "y", "b", long(null), "x", "a", 2, "x"] | summarize c = count(), ci = countif(v > 1), d = dcount(w), mn = min(v), mx = max(v), s = sum(v), av = avg(v), set = make_set(w), am = arg_max(v, w) by k | order by k asc',
    );
    expect(t.columns.map((c) => c.name)).toEqual(['k', 'c', 'ci', 'd', 'mn', 'mx', 's', 'av', 'set', 'am', 'w']);
    expect(t.rows[0]).toEqual(['a', 3, 2, 2, 1, 3, 6, 2, ['x', 'y'], 3, 'y']);
    // Strings are never null, so the arg_max string column of an all-null group is "".
    expect(t.rows[1]).toEqual(['b', 1, 0, 1, null, null, null, Number.NaN, ['x'], null, '']);
  });

  it('gives one row of defaults without by, and no rows with by, on empty input', () => {
    expect(table('datatable(v:long)[] | summarize count(), make_set(v), max(v), sum(v), dcount(v)').rows).toEqual([[0, [], null, 0, 0]]);
    expect(table('datatable(k:string, v:long)[] | summarize count() by k').rows).toEqual([]);
  });

  it('takes take_any and arg_min as values of some row', () => {
    const t = table('datatable(k:string, v:long)["a", 5, "a", 2] | summarize arg_min(v, *), any = take_any(k)');
    expect(t.rows).toEqual([[2, 'a', 'a']]);
  });

  it('groups by bin() of a datetime, aligned to UTC midnight for 1d', () => {
    const t = table('SecurityEvent | summarize n = count() by day = bin(TimeGenerated, 1d) | order by day asc');
    expect(t.rows.map((r) => [(r[0] as Date).toISOString(), r[1]])).toEqual([
      ['2024-05-01T00:00:00.000Z', 1],
      ['2024-05-02T00:00:00.000Z', 1],
      ['2024-05-03T00:00:00.000Z', 1],
    ]);
  });
});

describe('sort, top, take', () => {
  const input = 'datatable(x:real)[1.0, real(null), -5.0, real(nan), real(-inf), real(+inf), 0.0]';
  const show = (rows: unknown[][]) => rows.map((r) => (r[0] === null ? 'null' : String(r[0])));

  it('defaults to descending with nulls last', () => {
    expect(show(table(`${input} | sort by x`).rows)).toEqual(['Infinity', '1', '0', '-5', '-Infinity', 'NaN', 'null']);
  });

  it('puts nulls first for ascending, and honours nulls last', () => {
    expect(show(table(`${input} | order by x asc`).rows)).toEqual(['null', 'NaN', '-Infinity', '-5', '0', '1', 'Infinity']);
    expect(show(table(`${input} | order by x asc nulls last`).rows)).toEqual(['-Infinity', '-5', '0', '1', 'Infinity', 'NaN', 'null']);
  });

  it('top sorts then takes; take limits', () => {
    expect(show(table(`${input} | top 2 by x`).rows)).toEqual(['Infinity', '1']);
    expect(table(`${input} | take 3`).rows).toHaveLength(3);
    expect(table(`${input} | limit 0`).rows).toHaveLength(0);
  });
});

describe('column-shaping operators', () => {
  const input = 'datatable(a:long, b:string, c:long)[1, "x", 10, 2, "y", 20]';
  const names = (t: KqlResultTable) => t.columns.map((c) => c.name);

  it('extend re-appends a replaced column at the end', () => {
    const t = table(`${input} | extend a = a * 100`);
    expect(names(t)).toEqual(['b', 'c', 'a']);
    expect(t.rows[0]).toEqual(['x', 10, 100]);
  });

  it('a later extend sees columns an earlier one added', () => {
    expect(table(`${input} | extend d = a + 1 | extend e = d * 2 | project e`).rows).toEqual([[4], [6]]);
  });

  it('project, project-away, project-keep, project-rename and project-reorder', () => {
    expect(names(table(`${input} | project c, z = a + c, b`))).toEqual(['c', 'z', 'b']);
    expect(names(table(`${input} | project-away b`))).toEqual(['a', 'c']);
    expect(names(table(`${input} | project-keep c, a`))).toEqual(['a', 'c']);
    expect(names(table(`${input} | project-rename B = b`))).toEqual(['a', 'B', 'c']);
    expect(names(table(`${input} | project-reorder c, b`))).toEqual(['c', 'b', 'a']);
  });

  it('distinct and count', () => {
    expect(table('datatable(a:string)["x", "y", "x"] | distinct a | order by a asc').rows).toEqual([['x'], ['y']]);
    expect(table('datatable(a:string)["x", "y", "x"] | count').rows).toEqual([[3]]);
  });
});

describe('join kinds (default innerunique deduplicates the left side on the key)', () => {
  const left = 'datatable(k:string, l:long)["a", 1, "a", 2, "b", 3, "c", 4]';
  const right = '(datatable(k:string, r:long)["a", 10, "a", 20, "b", 30, "d", 40])';
  it.each([
    ['', 3],
    ['kind=innerunique', 3],
    ['kind=inner', 5],
    ['kind=leftouter', 6],
    ['kind=leftsemi', 3],
    ['kind=leftanti', 1],
    ['kind=rightanti', 1],
    ['kind=fullouter', 7],
  ])('join %s gives %i rows', (kind, count) => {
    expect(table(`${left} | join ${kind} ${right} on k`).rows).toHaveLength(count);
  });

  it('suffixes clashing right-side columns and fills missing sides with defaults', () => {
    const t = table(`${left} | join kind=leftouter ${right} on k | order by l asc`);
    expect(t.columns.map((c) => c.name)).toEqual(['k', 'l', 'k1', 'r']);
    expect(t.rows.at(-1)).toEqual(['c', 4, '', null]);
  });

  it('joins on $left/$right column pairs', () => {
    const t = table(`${left} | join kind=inner (datatable(key:string, r:long)["b", 30]) on $left.k == $right.key`);
    expect(t.rows).toEqual([['b', 3, 'b', 30]]);
  });
});

describe('let, datatable, union, mv-expand, parse', () => {
  it('binds scalar and tabular lets', () => {
    const t = table('let n = 2; let T = datatable(a:long)[1, 2, 3]; T | where a >= n | count');
    expect(t.rows).toEqual([[2]]);
  });

  it('unions with outer column alignment', () => {
    const t = table('union (datatable(a:long)[1]), (datatable(b:string)["x"])');
    expect(t.columns.map((c) => c.name)).toEqual(['a', 'b']);
    expect(t.rows).toEqual([[1, ''], [null, 'x']]);
    expect(table('datatable(a:long)[1] | union (datatable(a:long)[2])').rows).toEqual([[1], [2]]);
    expect(table('union SecurityEvent, SecurityEvent | count').rows).toEqual([[6]]);
    const labelled = table('union withsource=Source (datatable(a:long)[1]), SecurityEvent | summarize count() by Source | order by Source asc');
    expect(labelled.rows).toEqual([['SecurityEvent', 3], ['union_arg0', 1]]);
  });

  it('fuzzy union drops legs whose table or function does not resolve, with a warning each', () => {
    const result = engine.run(
      'union isfuzzy=true (datatable(Computer:string)[]), (DeviceNetworkEvents | project Computer = DeviceName), ' +
        '(_Im_NetworkSession(starttime=ago(1d)) | project Computer = SrcHostname), (SecurityEvent | project Computer) | count',
    );
    expect(result.tables[0]!.rows).toEqual([[3]]);
    expect(result.warnings).toEqual([
      "Failed to resolve table or function expression named 'DeviceNetworkEvents'",
      "Failed to resolve table or function expression named '_Im_NetworkSession'",
    ]);
    expect(engine.run('union isfuzzy=true (datatable(a:long)[1]), SecurityEvent | count').warnings).toBeUndefined();
  });

  it('fuzzy union with no leg that resolves is an error', () => {
    expect(() => engine.run('union isfuzzy=true (DeviceNetworkEvents | project DeviceName)')).toThrow(/at least one operand/);
    expect(() => engine.run('union (DeviceNetworkEvents | project DeviceName)')).toThrow(QueryError);
  });

  it('mv-expand: one row per element, null gives one row, empty array none', () => {
    const t = table('datatable(k:string, d:dynamic)["a", dynamic([1, 2]), "b", dynamic(null), "c", dynamic([])] | mv-expand d');
    expect(t.rows).toEqual([['a', 1], ['a', 2], ['b', null]]);
    const typed = table('print d = dynamic(["1", "2"]) | mv-expand with_itemindex=i d to typeof(long)');
    expect(typed.columns).toEqual([{ name: 'd', type: 'long' }, { name: 'i', type: 'long' }]);
    expect(typed.rows).toEqual([[1, 0], [2, 1]]);
    const bag = table('print d = dynamic({"a": 1, "b": 2}) | mv-expand bagexpansion=array d');
    expect(bag.rows).toEqual([[['a', 1]], [['b', 2]]]);
    expect(table('print d = dynamic({"a": 1}) | mv-expand d').rows).toEqual([[{ a: 1 }]]);
  });

  it('parse extracts by literal anchors; unmatched rows get null / ""', () => {
    const t = table('datatable(s:string)["user=bob id=42 rest", "nothing"] | parse s with "user=" user " id=" id:long " " *');
    expect(t.rows).toEqual([['user=bob id=42 rest', 'bob', 42], ['nothing', '', null]]);
  });
});

describe('scalar functions', () => {
  it.each([
    ['strlen("héllo")', 5],
    ['substring("abcdef", 2, 3)', 'cde'],
    ['substring("abcdef", 4)', 'ef'],
    ['indexof("abcabc", "c")', 2],
    ['indexof("abc", "z")', -1],
    ['replace_string("a-b-c", "-", "+")', 'a+b+c'],
    ['trim(@"\\s+", "  x  ")', 'x'],
    ['tolower("AbC")', 'abc'],
    ['toupper("AbC")', 'ABC'],
    ['toint("12")', 12],
    ['toint(2.9)', 2],
    ['isnull(toint("x"))', true],
    ['tolong("9000000000")', 9000000000],
    ['todouble("1.5")', 1.5],
    ['tostring(12)', '12'],
    ['tostring(dynamic({"a":1}))', '{"a":1}'],
    ['tostring(datetime(2024-05-01T10:00:00Z))', '2024-05-01T10:00:00Z'],
    ['array_length(dynamic([1, 2, 3]))', 3],
    ['isnull(array_length(parse_json("{\\"a\\": 1}")))', true],
    ['parse_json("{\\"a\\": [1, 2]}").a[1]', 2],
    ['parse_json("not json")', 'not json'],
    ['dynamic({"a": {"b": 5}})["a"].b', 5],
    ['isnull(dynamic({"a": 1}).z)', true],
    ['dynamic([1, 2, 3])[-1]', 3],
    ['tostring(split("a,b,c", ","))', '["a","b","c"]'],
    ['tostring(split("a,b,c", ",", 1))', '["b"]'],
    ['case(1 > 2, "a", 2 > 1, "b", "c")', 'b'],
    ['iff(1 < 2, "yes", "no")', 'yes'],
    ['base64_decode_tostring("aGVsbG8=")', 'hello'],
    ['tostring(extract_all(@"(\\d+)", "a1b22c333"))', '["1","22","333"]'],
    ['isnull(extract_all(@"(\\d+)", "abc"))', true],
    ['extract(@"id=(\\d+)", 1, "id=42", typeof(long))', 42],
    ['5 between (1 .. 5)', true],
    ['6 !between (1 .. 5)', true],
    ['datetime(2024-05-02) between (datetime(2024-05-01) .. 1d)', true],
    ['7 / 2', 3],
    ['7.0 / 2', 3.5],
    ['bin(17, 5)', 15],
    ['ipv4_is_private("10.1.2.3")', true],
    ['ipv4_is_private("172.31.0.1")', true],
    ['ipv4_is_private("192.168.1.1/24")', true],
    ['ipv4_is_private("127.0.0.1")', false],
    ['ipv4_is_private("100.64.0.1")', false],
    ['ipv4_is_in_range("10.1.2.3", "10.1.0.0/16")', true],
    ['ipv4_is_in_range("10.2.2.3", "10.1.0.0/16")', false],
    ['isnull(ipv4_is_in_range("x", "10.1.0.0/16"))', true],
    ['ipv4_is_in_any_range("8.8.8.8", "10.0.0.0/8", "8.8.0.0/16")', true],
    ['ipv4_is_in_any_range("8.8.8.8", dynamic(["10.0.0.0/8"]))', false],
    ['has_any_ipv4_prefix("ping 192.168.1.5 now", dynamic(["192.168."]))', true],
    ['has_any_ipv4_prefix("ping 192.168.1.5 now", "127.0")', false],
    ['has_any_ipv4_prefix("45.67.89.123", dynamic([""]))', false],
    ['has_any_ipv4_prefix("05:04:54127.0.0.1 x", "127.0.0.1")', false],
    ['has_ipv4("x 8.8.8.8 y", "8.8.8.8")', true],
    ['has_ipv4("x8.8.8.8 y", "8.8.8.8")', false],
    ['parse_ipv4("192.168.1.1/24")', 3232235776],
    ['parse_ipv4("127.0.0.1")', 2130706433],
    ['isnull(parse_ipv4("300.0.0.1"))', true],
  ])('%s → %j', (expression, expected) => {
    expect(scalar(expression)).toEqual(expected);
  });

  it('fixes now() for the whole query and takes it from the injected clock', () => {
    const t = table('print a = now(), b = ago(1d), c = now(-1h)');
    expect(t.rows[0]).toEqual([NOW, new Date(NOW.getTime() - 86_400_000), new Date(NOW.getTime() - 3_600_000)]);
    const other = engine.run('print now()', { now: new Date('2020-01-01T00:00:00Z') }).tables[0]!;
    expect(other.rows[0]![0]).toEqual(new Date('2020-01-01T00:00:00Z'));
  });

  it('restricts tables to the requested timespan on TimeGenerated', () => {
    const result = engine.run('SecurityEvent | count', {
      timespan: { start: new Date('2024-05-02T00:00:00Z'), end: new Date('2024-05-03T00:00:00Z') },
    });
    expect(result.tables[0]!.rows).toEqual([[1]]);
  });
});

describe('rejected queries', () => {
  function rejection(query: string): QueryError {
    try {
      engine.run(query);
    } catch (error) {
      expect(error).toBeInstanceOf(QueryError);
      return error as QueryError;
    }
    throw new Error(`expected "${query}" to be rejected`);
  }

  it('reports binder diagnostics with code and line/column', () => {
    const error = rejection('SecurityEvent\n| where EventID == 4688\n| where CommandLin has "x"');
    expect(error.code).toBe('KS142');
    expect(error.message).toContain("KS142 The name 'CommandLin' does not refer to any known column");
    expect(error.message).toContain('at line 3, column 9');
    expect(error.position).toBe(46);
  });

  it('reports syntax errors', () => {
    expect(rejection('SecurityEvent | where EventID == 4688 and').message).toMatch(/KS\d+ .* at line 1, column \d+/);
  });

  it.each([
    ['SecurityEvent | extend h = hash(Computer)', "function 'hash'"],
    ['SecurityEvent | make-series count() on TimeGenerated step 1d', "operator 'make-series'"],
    ['SecurityEvent | evaluate pivot(Computer)', "plugin 'pivot' of evaluate"],
    ['SecurityEvent | evaluate bag_unpack(EventData)', "bag_unpack of the string column 'EventData' (the plugin takes a dynamic column)"],
    ['SecurityEvent | summarize stdev(EventID)', "aggregate function 'stdev'"],
    ['print indexof("abcabc", "c", 0, 6, 2)', 'indexof with length or occurrence arguments'],
  ])('names an unsupported construct and its position: %s', (query, what) => {
    const error = rejection(query);
    expect(error.code).toBe('UnsupportedConstruct');
    expect(error.message).toContain(`Unsupported ${what} at position`);
    expect(error.position).toBeGreaterThan(0);
  });

  it('names every blocker of a query in source order, at the position of the first', () => {
    const query = [
      'let f = hash("x");',
      'SecurityEvent',
      '| extend a = hash_sha256(Computer), b = strlen(hash_md5(Account))',
      '| make-series count() on TimeGenerated step 1d',
    ].join('\n');
    const error = rejection(query);
    expect(error.code).toBe('UnsupportedConstruct');
    expect(error.position).toBe(query.indexOf('hash('));
    const named = [...error.message.matchAll(/(function '\w+'|operator '[\w-]+') at position (\d+) \(line (\d+)/g)].map((m) => [m[1], Number(m[2]), Number(m[3])]);
    expect(named).toEqual([
      ["function 'hash'", query.indexOf('hash('), 1],
      ["function 'hash_sha256'", query.indexOf('hash_sha256'), 3],
      ["function 'hash_md5'", query.indexOf('hash_md5'), 3],
      ["operator 'make-series'", query.indexOf('make-series'), 4],
    ]);
  });

  it('does not report the uses of a let that stopped at a blocker as blockers of their own', () => {
    const error = rejection('let x = hash("a");\nprint y = x, z = x');
    expect(error.message).toBe("Unsupported function 'hash' at position 8 (line 1, column 9)");
  });

  it('reports every binder error in source order', () => {
    const error = rejection('SecurityEvent\n| where Nope1 == 1\n| where Nope2 == 2');
    expect(error.code).toBe('KS142');
    expect(error.message).toMatch(/'Nope1'.* at line 2, column 9; .*'Nope2'.* at line 3, column 9/);
  });

  it.each([
    ['print extract("(", 1, "a")', /Invalid regex/],
    ['print "a" matches regex "(?=a)"', /lookaround/],
    ['print extract(@"(a)\\1", 1, "aa")', /backreference/],
    ['print "a" matches regex "a(?i)b"', /inline flags/],
  ])('rejects regex syntax KQL does not support: %s', (query, message) => {
    expect(rejection(query).message).toMatch(message);
  });
});
