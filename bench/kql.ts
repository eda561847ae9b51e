/**
 * `npm run bench:kql`: the seed query over 1,000,000 generated SecurityEvent rows with the local KQL engine, against a
 * hand-written TypeScript loop computing the same result in the same run. Prints `name: value unit` lines.
 * Targets: kql_seed_ratio_vs_handwritten ≤ 3, kql_peak_rss_mb ≤ 1500. Not part of `npm test`.
 */
import { readFileSync } from 'node:fs';
import { createKqlEngine } from '../local/kql/createKqlEngine.js';
import { createKustoBinder } from '../local/kql/kustoFrontend.js';
import { generateSecurityEvents } from '../local/sample/generateSecurityEvents.js';
import { SECURITY_EVENT_COLUMNS } from '../local/tables/securityEventSchema.js';
import { buildTableData } from '../local/tables/tableData.js';
import type { TableData } from '../local/kql/kqlTypes.js';

const ROWS = Number(process.env['BENCH_KQL_ROWS'] ?? 1_000_000);
const RUNS = 3;
const seedQuery = readFileSync(new URL('../../queries/seed.kql', import.meta.url), 'utf8');

function print(name: string, value: number, unit: string): void {
  process.stdout.write(`${name}: ${Number.isInteger(value) ? value : value.toFixed(2)} ${unit}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

interface Group {
  ip: string;
  commandLine: string;
  process: string;
  first: number;
  last: number;
  hosts: Set<string>;
  accounts: Set<string>;
}

// The seed regex written by hand for V8, with KQL's Unicode \b spelled out (JS \b is ASCII-only).
const W = '[\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}]';
const B = `(?:(?<=${W})(?!${W})|(?<!${W})(?=${W}))`;
const SEED_REGEX = new RegExp(
  `([^ ](${B}25[0-5]|${B}2[0-4][0-9]|${B}[01]?[0-9][0-9]?)(\\.(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)){3}|(${B}25[0-5]|${B}2[0-4][0-9]|${B}[01]?[0-9][0-9]?)(\\.(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)){3}[^ ])`,
  'u',
);
const QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c > 127 && /[\p{L}\p{N}]/u.test(String.fromCharCode(c)));
}

/** `has` for a needle that starts and ends with alphanumerics. */
function hasTerm(haystack: string, needle: string): boolean {
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(needle, from);
    if (at < 0) return false;
    const end = at + needle.length;
    if ((at === 0 || !isAlnum(haystack.charCodeAt(at - 1))) && (end === haystack.length || !isAlnum(haystack.charCodeAt(end)))) return true;
    from = at + 1;
  }
}

/** null when not an address (the row then drops, as `where not(null)` does). */
function isPrivate(ip: string): boolean | null {
  const m = QUAD.exec(ip);
  if (!m) return null;
  const [a, b] = [Number(m[1]), Number(m[2])];
  if ([a, b, Number(m[3]), Number(m[4])].some((o) => o > 255)) return null;
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/** The seed query, by hand, over the same columnar table. */
function handwritten(table: TableData): unknown[][] {
  const col = (name: string) => table.values[table.columns.findIndex((c) => c.name === name)]!;
  const [eventId, processes, lines, times, computers, accounts] = ['EventID', 'Process', 'CommandLine', 'TimeGenerated', 'Computer', 'Account'].map(col) as [
    number[], string[], string[], number[], string[], string[],
  ];
  const groups = new Map<string, Group>();
  for (let i = 0; i < table.rowCount; i++) {
    if (eventId[i] !== 4688) continue;
    const process = processes[i]!;
    const lower = process.toLowerCase();
    if (!hasTerm(lower, 'cmd.exe') && !hasTerm(lower, 'powershell')) continue;
    const line = lines[i]!;
    const m = SEED_REGEX.exec(line);
    const ip = m ? m[1]! : '';
    if (ip === '' || isPrivate(ip) !== false) continue;
    // has_any_ipv4_prefix(IP, dynamic([""])) is always false: "" is not a valid prefix.
    const key = `${ip}\u0001${line}\u0001${process}`;
    let g = groups.get(key);
    const t = times[i]!;
    if (!g) {
      g = { ip, commandLine: line, process, first: t, last: t, hosts: new Set(), accounts: new Set() };
      groups.set(key, g);
    }
    if (t < g.first) g.first = t;
    if (t > g.last) g.last = t;
    if (g.hosts.size < 128) g.hosts.add(computers[i]!);
    if (g.accounts.size < 128) g.accounts.add(accounts[i]!);
  }
  return [...groups.values()]
    .map((g) => [g.hosts.size, g.ip, g.process, g.commandLine, new Date(g.first), new Date(g.last), [...g.hosts], [...g.accounts]])
    .sort((a, b) => (b[0] as number) - (a[0] as number));
}

function canonical(rows: unknown[][]): string[] {
  return rows.map((r) => JSON.stringify(r)).sort();
}

const startGenerate = performance.now();
let sample: ReturnType<typeof generateSecurityEvents> | undefined = generateSecurityEvents({
  rows: ROWS,
  seed: 20240501,
  start: new Date('2024-05-01T00:00:00Z'),
  days: 7,
  maliciousRate: 0.01,
});
const table = buildTableData(SECURITY_EVENT_COLUMNS, sample.rows, 'bench');
const planted = sample.plantedIps.length;
sample = undefined; // the columnar table keeps what the query needs
print('kql_bench_rows', ROWS, 'rows');
print('kql_generate_ms', performance.now() - startGenerate, 'ms');
print('kql_planted_ips', planted, 'ips');

const loadStart = performance.now();
const binder = createKustoBinder({ SecurityEvent: SECURITY_EVENT_COLUMNS });
binder.analyze(seedQuery);
print('kql_load_first_parse_bind_ms', performance.now() - loadStart, 'ms');
const parseTimes: number[] = [];
for (let i = 0; i < 10; i++) {
  const t = performance.now();
  binder.analyze(seedQuery);
  parseTimes.push(performance.now() - t);
}
print('kql_parse_bind_ms', median(parseTimes), 'ms');

const engine = createKqlEngine({ tables: { SecurityEvent: table }, now: () => new Date('2024-05-08T00:00:00Z') });
const engineTimes: number[] = [];
const handTimes: number[] = [];
let engineRows: unknown[][] = [];
let handRows: unknown[][] = [];
for (let run = 0; run < RUNS; run++) {
  let t = performance.now();
  engineRows = engine.run(seedQuery).tables[0]!.rows;
  engineTimes.push(performance.now() - t);
  t = performance.now();
  handRows = handwritten(table);
  handTimes.push(performance.now() - t);
}
const same = JSON.stringify(canonical(engineRows)) === JSON.stringify(canonical(handRows));
const engineMs = median(engineTimes);
const handMs = median(handTimes);
print('kql_seed_result_rows', engineRows.length, 'rows');
print('kql_seed_results_match_handwritten', same ? 1 : 0, 'bool');
print('kql_seed_ms', engineMs, 'ms');
print('kql_handwritten_ms', handMs, 'ms');
print('kql_seed_rows_per_s', Math.round(ROWS / (engineMs / 1000)), 'rows/s');
print('kql_seed_ratio_vs_handwritten', engineMs / handMs, 'x');
print('kql_peak_rss_mb', Math.round(process.resourceUsage().maxRSS / 1024), 'MB');
if (!same) {
  process.stderr.write('bench:kql: the engine and the hand-written loop disagree\n');
  process.exitCode = 1;
}
