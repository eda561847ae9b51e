/**
 * `npm run bench:hunt`: hunts through the real SDK clients against the local workspace running in a separate process
 * (bench/localWorkspaceProcess.ts), over windows that yield about 100,000, 500,000 and 600,000 candidate rows (the last
 * over the service's 500,000-row cap, so it is bisected). Prints `name: value unit` lines:
 * - hunt_candidate_rows_per_s (per window): rows the query returned ÷ the run's wall time;
 * - hunt_peak_rss_mb: the hunt process's peak resident memory through the 500,000-row window (target ≤ 1024);
 * - hunt_segments (per window): the parts the window was read in;
 * - hunt_parse_ratio: candidate rows per second of the 100,000-row window ÷ the rows per second this process reaches
 *   only JSON.parse-ing the same response bodies, measured in the same run (target ≥ 0.5);
 * - local_workspace_rss_mb: the workspace process holding all rows (target ≤ 2048 at 1,000,000 rows).
 * Not part of `npm test`.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { HttpClient, PipelineRequest } from '@azure/core-rest-pipeline';
import { loadConfig } from '../src/config/loadConfig.js';
import { createHuntDependencies } from '../src/hunt/createHuntDependencies.js';
import { runHunt } from '../src/hunt/runHunt.js';
import { httpDowngradingClient } from '../local/http/httpDowngradingClient.js';
import { staticTokenCredential } from '../local/http/staticTokenCredential.js';

const DAY = 86_400_000;
const ROWS_PER_DAY = 100_000;
const START = new Date('2026-11-01T00:00:00Z');

function print(name: string, value: number, unit: string): void {
  process.stdout.write(`${name}: ${Number.isInteger(value) ? value : value.toFixed(2)} ${unit}\n`);
}

/** Starts the workspace process and reads the one line it prints once it serves. */
async function startWorkspaceProcess(): Promise<{ info: { settings: Record<string, string>; rows: number; loadMs: number; rssMb: number }; stop(): void }> {
  const child = spawn(process.execPath, ['--expose-gc', new URL('./localWorkspaceProcess.js', import.meta.url).pathname], {
    env: { ...process.env, BENCH_HUNT_ROWS: String(11 * ROWS_PER_DAY), BENCH_HUNT_DAYS: '11', BENCH_HUNT_START: START.toISOString() },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    return { info: JSON.parse(line) as never, stop: () => child.stdin!.end() };
  }
  throw new Error(`the local workspace process ended before it served (exit code ${child.exitCode})`);
}

/** A transport that keeps the bodies of query responses while `recording` is set (for the JSON.parse baseline). */
function recordingClient(): { client: HttpClient; bodies: string[]; recording: { on: boolean } } {
  const inner = httpDowngradingClient();
  const bodies: string[] = [];
  const recording = { on: false };
  return {
    bodies,
    recording,
    client: {
      async sendRequest(request: PipelineRequest) {
        const response = await inner.sendRequest(request);
        if (recording.on && request.url.includes('/query') && response.bodyAsText) bodies.push(response.bodyAsText);
        return response;
      },
    },
  };
}

const workspace = await startWorkspaceProcess();
try {
  print('local_workspace_rows', workspace.info.rows, 'rows');
  print('local_workspace_load_ms', workspace.info.loadMs, 'ms');
  print('local_workspace_rss_mb', workspace.info.rssMb, 'MB');
  const settings = {
    ...workspace.info.settings,
    HUNT_MAX_WINDOW: 'P7D',
    HUNT_TIME_BUDGET: 'PT9M',
    HUNT_QUERY_TIMEOUT_SECONDS: '600',
    HUNT_LOCK_DURATION: 'PT30M',
    PUBLISH_MAX_INCIDENTS_PER_RUN: '1000',
    PUBLISH_CONCURRENCY: '8',
  };
  const config = loadConfig(settings);
  const transport = recordingClient();
  const deps = createHuntDependencies(config, {
    credential: staticTokenCredential(),
    httpClient: transport.client,
    retryDelayInMs: 10,
    maxRetryDelayInMs: 100,
    now: () => new Date(START.getTime() + 12 * DAY),
  });
  const windows = [
    { name: '100k', startDay: 0, days: 1 },
    { name: '500k', startDay: 1, days: 5 },
    { name: '600k', startDay: 5, days: 6 },
  ];
  let ratioRate = 0;
  for (const w of windows) {
    transport.recording.on = w.name === '100k';
    const t = performance.now();
    const summary = await runHunt(deps, {
      trigger: 'cli',
      window: { start: new Date(START.getTime() + w.startDay * DAY), end: new Date(START.getTime() + (w.startDay + w.days) * DAY) },
    });
    const seconds = (performance.now() - t) / 1000;
    transport.recording.on = false;
    const rate = summary.rows / seconds;
    if (w.name === '100k') ratioRate = rate;
    print(`hunt_candidate_rows_${w.name}`, summary.rows, 'rows');
    print(`hunt_candidate_rows_per_s_${w.name}`, Math.round(rate), 'rows/s');
    print(`hunt_segments_${w.name}`, summary.query.segments.length, 'segments');
    print(`hunt_new_ips_${w.name}`, summary.newIps.length + summary.resightedIps.length, 'ips');
    if (summary.budgetExhausted || summary.failures.length > 0) {
      process.stdout.write(`# ${w.name}: budgetExhausted=${summary.budgetExhausted}, failures=${summary.failures.map((f) => f.error).join('; ')}\n`);
    }
    if (w.name === '500k') print('hunt_peak_rss_mb', Math.round(process.resourceUsage().maxRSS / 1024), 'MB');
  }
  // The baseline: only JSON.parse the response bodies the 100,000-row window received, in this process.
  let parsedRows = 0;
  const t = performance.now();
  for (const body of transport.bodies) {
    const parsed = JSON.parse(body) as { tables: { rows: unknown[] }[] };
    parsedRows += parsed.tables[0]?.rows.length ?? 0;
  }
  const parseRate = parsedRows / ((performance.now() - t) / 1000);
  print('json_parse_rows_per_s', Math.round(parseRate), 'rows/s');
  print('hunt_parse_ratio', ratioRate / parseRate, 'ratio');
} finally {
  workspace.stop();
}
