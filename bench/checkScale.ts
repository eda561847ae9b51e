/**
 * `npm run check:scale`: the local workspace at the sizes the service allows, through the command line a user runs.
 * - `scale_1m`: `hunt --local --data` over a 1,000,000-row table file whose window holds 300,000 candidate rows;
 * - `scale_800k_gz`: `hunt --local --data` over an 800,000-row gzipped file;
 * - `scale_1m_split`: 1,000,000 rows with 600,000 candidate rows, over the service's 500,000-row answer, so halved.
 * `npm run check:scale -- NAME…` runs only the named cases.
 * Each file plants distinct external addresses at known rows (first, last, middle, both sides of each halving point;
 * bench/scaleSample.ts). Prints `name: value unit` lines — time to write the file, wall time and peak RSS of the hunt
 * process, candidate rows, parts, planted addresses found — and exits 1 when a run fails or a planted address has no
 * incident. Not part of `npm test` (minutes, not seconds); test/cli/scaleSample.test.ts runs the same shape small.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { writeScaleSample, type ScaleSample } from './scaleSample.js';

const BIN = fileURLToPath(new URL('../../bin/cmdline-ip-hunter.js', import.meta.url));
const START = new Date('2026-11-01T00:00:00Z');
const SPAN_MS = 7 * 86_400_000;
const NOW = '2026-11-09T00:00:00Z';

interface ScaleCase {
  readonly name: string;
  readonly rows: number;
  readonly candidateRows: number;
  readonly gzip: boolean;
}

const CASES: readonly ScaleCase[] = [
  { name: 'scale_1m', rows: 1_000_000, candidateRows: 300_000, gzip: false },
  { name: 'scale_800k_gz', rows: 800_000, candidateRows: 100_000, gzip: true },
  // Over the service's 500,000-row answer: the window is halved, and the planted rows sit on both sides of each half.
  { name: 'scale_1m_split', rows: 1_000_000, candidateRows: 600_000, gzip: false },
];

interface RunSummary {
  readonly rows: number;
  readonly query: { readonly segments: readonly unknown[] };
  readonly newIps: readonly string[];
  readonly incidents: readonly { ip: string; action: string; incidentId?: string }[];
}

function print(name: string, value: number | string, unit: string): void {
  process.stdout.write(`${name}: ${typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(1) : value} ${unit}\n`);
}

/** The high-water mark of a process's resident memory in MB (Linux /proc), or undefined where it cannot be read. */
async function peakRssMb(pid: number): Promise<number | undefined> {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** Run the CLI; its peak RSS is read from /proc every half second while it runs (the last reading before it exits). */
async function runCli(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string; peakMb: number | undefined }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let peakMb: number | undefined;
  const sampler = setInterval(() => {
    void peakRssMb(child.pid!).then((mb) => {
      if (mb !== undefined) peakMb = Math.max(peakMb ?? 0, mb);
    });
  }, 500);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(sampler);
  return { code, stdout, stderr, peakMb };
}

async function writeSample(file: string, scaleCase: ScaleCase): Promise<ScaleSample> {
  const out = createWriteStream(file);
  const gzip = scaleCase.gzip ? createGzip() : undefined;
  if (gzip) gzip.pipe(out);
  const sample = await writeScaleSample(gzip ?? out, { rows: scaleCase.rows, candidateRows: scaleCase.candidateRows, start: START, spanMs: SPAN_MS });
  (gzip ?? out).end();
  await finished(out);
  return sample;
}

/** One case: write the file, hunt it, check every planted address got an incident. True when it passed. */
async function check(scaleCase: ScaleCase, dir: string): Promise<boolean> {
  const { name } = scaleCase;
  const file = path.join(dir, `${name}.jsonl${scaleCase.gzip ? '.gz' : ''}`);
  let t = performance.now();
  const sample = await writeSample(file, scaleCase);
  print(`${name}_write_s`, (performance.now() - t) / 1000, 's');
  print(`${name}_table_rows`, sample.rows, 'rows');

  t = performance.now();
  const run = await runCli(['hunt', '--local', '--data', file, '--state', path.join(dir, `${name}-state`), '--now', NOW, '--json']);
  print(`${name}_hunt_s`, (performance.now() - t) / 1000, 's');
  if (run.peakMb !== undefined) print(`${name}_hunt_peak_rss_mb`, run.peakMb, 'MB');
  if (run.code !== 0) {
    process.stderr.write(`${name}: hunt --local exited with ${run.code}\n${run.stderr}\n`);
    print(`${name}_failed`, 1, 'run');
    return false;
  }
  const summary = JSON.parse(run.stdout) as RunSummary;
  print(`${name}_candidate_rows`, summary.rows, 'rows');
  print(`${name}_segments`, summary.query.segments.length, 'parts');
  const created = new Set(summary.incidents.filter((i) => i.action === 'created' && i.incidentId).map((i) => i.ip));
  const missing = [...sample.planted].filter(([, ip]) => !created.has(ip));
  print(`${name}_planted_with_incident`, sample.planted.size - missing.length, `of ${sample.planted.size}`);
  for (const [row, ip] of missing) process.stderr.write(`${name}: no incident for ${ip} (row ${row})\n`);
  return missing.length === 0;
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'check-scale-'));
let passed = true;
try {
  // `npm run check:scale -- NAME…` runs only the named cases.
  const chosen = process.argv.length > 2 ? CASES.filter((c) => process.argv.slice(2).includes(c.name)) : CASES;
  for (const scaleCase of chosen) passed = (await check(scaleCase, dir)) && passed;
} finally {
  await rm(dir, { recursive: true, force: true });
}
process.exitCode = passed ? 0 : 1;
