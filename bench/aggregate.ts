/**
 * `npm run bench:aggregate`: the hunt's row → finding rate (aggregateFindings over rows in the hunting query's output
 * shape, as the SDK hands them over), against a baseline measured in the same run: extractAddresses alone over the
 * same command lines. Every row has a command line of its own with an external address, as in `npm run bench:hunt`.
 * Prints `name: value unit` lines. Not part of `npm test`.
 */
import { extractAddresses } from '../src/detect/extractAddresses.js';
import { compileExclusions } from '../src/exclusions/compileExclusions.js';
import { aggregateFindings } from '../src/findings/aggregateFindings.js';
import type { EventRow } from '../src/findings/finding.js';
import { securityEventRows } from '../local/sample/generateSecurityEvents.js';

const ROWS = Number(process.env['BENCH_AGGREGATE_ROWS'] ?? 100_000);
const ROUNDS = 3;

function print(name: string, value: number, unit: string): void {
  process.stdout.write(`${name}: ${Number.isInteger(value) ? value : Number(value.toPrecision(4))} ${unit}\n`);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

// The hunting query's columns (queries/hunt.kql), dynamic cells as the SDK converts them (arrays) and datetimes as Dates.
const start = new Date('2026-11-01T00:00:00Z');
const rows: EventRow[] = [];
let n = 0;
for (const row of securityEventRows({ rows: ROWS, seed: 17, start, days: 1, maliciousRate: 1 })) {
  const time = new Date(row.TimeGenerated);
  rows.push({
    Host_count: 1,
    IP: '',
    Process: row.Process,
    CommandLine: `${row.CommandLine} /tag:r${n++}`,
    FirstSeen: time,
    LastSeen: time,
    Hosts: [row.Computer],
    Accounts: [row.Account],
    EventCount: 1,
    HuntSource: 'SecurityEvent',
    HostIds: [],
    AccountSids: [],
  });
}
const exclusions = compileExclusions({ cidrs: [], rules: [] }, start);

const detectRates: number[] = [];
const aggregateRates: number[] = [];
let findings = 0;
for (let round = 0; round < ROUNDS; round++) {
  let t = performance.now();
  let addresses = 0;
  for (const row of rows) addresses += extractAddresses(row['CommandLine'] as string).length;
  detectRates.push(rows.length / ((performance.now() - t) / 1000));
  if (addresses === 0) throw new Error('the generated command lines hold no address');

  t = performance.now();
  const result = aggregateFindings(rows, { exclusions, maxCommandLines: 20 });
  aggregateRates.push(rows.length / ((performance.now() - t) / 1000));
  findings = result.findings.length;
}
print('aggregate_rows', rows.length, 'rows');
print('aggregate_findings', findings, 'findings');
print('extract_only_rows_per_s', Math.round(median(detectRates)), 'rows/s');
print('aggregate_rows_per_s', Math.round(median(aggregateRates)), 'rows/s');
print('aggregate_extract_ratio', median(aggregateRates) / median(detectRates), 'ratio');
