/**
 * `npm run eval:corpus [path]`: run the detector over a JSON-lines file of SecurityEvent rows (default
 * `../shared/corpus/process-events.jsonl` relative to the repository root) and print every external IP found with its
 * command line, then the counts, for review. Exclusions are NOT applied (pass none): the point is to see what the
 * detector itself reports. Not part of `npm test`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractAddresses } from '../src/detect/extractAddresses.js';
import type { AddressKind } from '../src/findings/finding.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url)); // dist/bench/ → repository root
const path = resolve(process.cwd(), process.argv[2] ?? resolve(repoRoot, '../shared/corpus/process-events.jsonl'));

if (!existsSync(path)) {
  console.error(`evaluateCorpus: ${path} not found (pass the corpus path as the first argument)`);
  process.exit(2);
}

const kinds = new Map<AddressKind, number>();
const externals = new Map<string, number>();
let rows = 0;
let badRows = 0;
let rowsWithAddress = 0;
let rowsWithExternal = 0;
let encodedHits = 0;

for (const line of readFileSync(path, 'utf8').split('\n')) {
  if (line.trim() === '') continue;
  rows++;
  let row: { CommandLine?: unknown; Process?: unknown };
  try {
    row = JSON.parse(line) as typeof row;
  } catch {
    badRows++;
    continue;
  }
  if (typeof row.CommandLine !== 'string') {
    badRows++;
    continue;
  }
  const found = extractAddresses(row.CommandLine);
  if (found.length > 0) rowsWithAddress++;
  for (const a of found) kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1);
  const external = found.filter((a) => a.kind === 'external');
  if (external.length === 0) continue;
  rowsWithExternal++;
  for (const a of external) {
    externals.set(a.address, (externals.get(a.address) ?? 0) + 1);
    if (a.encoding === 'encoded-command') encodedHits++;
  }
  const listed = external.map((a) => `${a.address} (${a.encoding}, "${a.raw}" at ${a.offset})`).join(', ');
  console.log(`row ${rows}: ${listed}\n  [${String(row.Process ?? '')}] ${row.CommandLine}\n`);
}

console.log(`corpus: ${path}`);
console.log(`rows: ${rows} rows`);
console.log(`unusable_rows: ${badRows} rows`);
console.log(`rows_with_any_address: ${rowsWithAddress} rows`);
console.log(`rows_with_external_address: ${rowsWithExternal} rows`);
console.log(`distinct_external_addresses: ${externals.size} addresses`);
console.log(`external_in_encoded_commands: ${encodedHits} sightings`);
for (const [ip, count] of [...externals].sort((a, b) => b[1] - a[1])) console.log(`external ${ip}: ${count} rows`);
for (const [kind, count] of [...kinds].sort((a, b) => b[1] - a[1])) console.log(`addresses_${kind}: ${count} addresses`);
