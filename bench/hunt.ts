/**
 * `npm run bench:hunt`: hunts through the real SDK clients against the local workspace running in a separate process
 * (bench/localWorkspaceProcess.ts), over windows that yield about 100,000, 500,000 and 600,000 candidate rows (the last
 * over the service's 500,000-row cap, so it is bisected). Prints `name: value unit` lines:
 * - hunt_end_to_end_rows_per_s (per window): rows the query returned ÷ the run's wall time, the local KQL engine's time
 *   to evaluate the query included (the service's own time in production, which is no part of the hunt process);
 * - hunt_peak_rss_mb: the hunt process's peak resident memory through the 500,000-row window (target ≤ 1024);
 * - hunt_segments (per window): the parts the window was read in;
 * - hunt_candidate_rows_per_s: the hunt process's own rate — the 100,000-row window hunted again (a dry run, so the
 *   state the first run left is not disturbed) with the query responses the first run received replayed by the
 *   transport as they came (the server's time ≈ 0), through the same SDK clients, deserialization, detection,
 *   aggregation, novelty and publish planning; the median of five runs;
 * - sdk_query_rows_per_s: the same replayed queries only deserialized by the SDK client and counted: the ceiling of any
 *   hunt through the SDK (its JSON.parse, two row copies, datetime and dynamic cell conversion);
 * - hunt_parse_ratio: hunt_candidate_rows_per_s ÷ the rows per second this process reaches only JSON.parse-ing the same
 *   response bodies, the three rates of each of five rounds measured back to back and the median of the rounds' ratios
 *   taken (target ≥ 0.5: the hunt is never much slower than reading its own input). Replaying is what makes this ratio
 *   measure the hunt: against the local engine it measured the engine's KQL evaluation (4–6 s of every 8 s for the
 *   100,000-row window), which production never runs;
 * - sdk_parse_ratio: sdk_query_rows_per_s ÷ the JSON.parse rate: the most hunt_parse_ratio can be for any hunt that
 *   reads through `@azure/monitor-query-logs`, whatever it does with the rows;
 * - hunt_sdk_ratio: hunt_candidate_rows_per_s ÷ sdk_query_rows_per_s: the share of the SDK's own rate the whole hunt
 *   keeps (0.5 when detection, aggregation, novelty and planning together cost what reading the rows through the SDK does);
 * - hunt_replayed_<stage>_ms and _us_per_row: each stage of the median replayed run, in all and per candidate row;
 * - local_workspace_rss_mb: the workspace process holding all rows (target ≤ 2048 at 1,000,000 rows).
 * `BENCH_HUNT_WINDOWS=100k` (a comma-separated list of 100k, 500k, 600k) hunts only those windows. Not part of `npm test`.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { HttpClient, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';
import { loadConfig } from '../src/config/loadConfig.js';
import { createHuntDependencies } from '../src/hunt/createHuntDependencies.js';
import { runHunt } from '../src/hunt/runHunt.js';
import { buildHuntQuery } from '../src/query/buildHuntQuery.js';
import { httpDowngradingClient } from '../local/http/httpDowngradingClient.js';
import { staticTokenCredential } from '../local/http/staticTokenCredential.js';

const DAY = 86_400_000;
const ROWS_PER_DAY = 100_000;
const START = new Date('2026-11-01T00:00:00Z');

function print(name: string, value: number, unit: string): void {
  // Four significant digits for fractions: a ratio of 0.005 must not print as 0.01 (or 0.00).
  process.stdout.write(`${name}: ${Number.isInteger(value) ? value : Number(value.toPrecision(4))} ${unit}\n`);
}

/** The item whose `value` is the median (the upper one of an even count). */
function medianBy<T>(items: readonly T[], value: (item: T) => number): T {
  const sorted = [...items].sort((a, b) => value(a) - value(b));
  return sorted[Math.floor(sorted.length / 2)]!;
}

function median(values: readonly number[]): number {
  return medianBy(values, (v) => v);
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

/** Query requests are told apart by URL and body (query text and timespan). */
const requestKey = (request: PipelineRequest): string => `${request.url}\n${typeof request.body === 'string' ? request.body : ''}`;

/**
 * A transport that keeps the query responses while `mode` is `record` (their bodies are the JSON.parse baseline) and
 * answers the same query requests with them while it is `replay`, without a server; everything else goes to the
 * workspace process.
 */
function recordingClient(): { client: HttpClient; bodies: string[]; mode: { value: 'pass' | 'record' | 'replay' }; forget(): void } {
  const inner = httpDowngradingClient();
  const bodies: string[] = [];
  const recorded = new Map<string, PipelineResponse>();
  const mode = { value: 'pass' as 'pass' | 'record' | 'replay' };
  return {
    bodies,
    mode,
    forget: () => recorded.clear(),
    client: {
      async sendRequest(request: PipelineRequest) {
        const isQuery = request.method === 'POST' && request.url.includes('/query');
        // Keyed before the downgrading transport rewrites the URL.
        const key = requestKey(request);
        const replayed = mode.value === 'replay' && isQuery ? recorded.get(key) : undefined;
        if (replayed) return { ...replayed, request };
        const response = await inner.sendRequest(request);
        if (mode.value === 'record' && isQuery && response.status === 200 && response.bodyAsText) {
          bodies.push(response.bodyAsText);
          recorded.set(key, response);
        }
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
  const deps = {
    ...createHuntDependencies(config, {
      credential: staticTokenCredential(),
      httpClient: transport.client,
      retryDelayInMs: 10,
      maxRetryDelayInMs: 100,
      now: () => new Date(START.getTime() + 12 * DAY),
    }),
    // Whole windows are measured: on a loaded machine the time budget would stop reading halfway through a window.
    elapsed: () => 0,
  };
  const chosen = (process.env['BENCH_HUNT_WINDOWS'] ?? '100k,500k,600k').split(',');
  const windows = [
    { name: '100k', startDay: 0, days: 1 },
    { name: '500k', startDay: 1, days: 5 },
    { name: '600k', startDay: 5, days: 6 },
  ].filter((w) => chosen.includes(w.name));
  if (windows.length === 0) throw new Error(`BENCH_HUNT_WINDOWS names none of 100k, 500k, 600k (got "${chosen.join(',')}")`);
  const windowOf = (w: (typeof windows)[number]) => ({
    start: new Date(START.getTime() + w.startDay * DAY),
    end: new Date(START.getTime() + (w.startDay + w.days) * DAY),
  });
  for (const w of windows) {
    transport.mode.value = w.name === '100k' ? 'record' : 'pass';
    const t = performance.now();
    const summary = await runHunt(deps, { trigger: 'cli', window: windowOf(w) });
    const seconds = (performance.now() - t) / 1000;
    transport.mode.value = 'pass';
    print(`hunt_candidate_rows_${w.name}`, summary.rows, 'rows');
    print(`hunt_end_to_end_rows_per_s_${w.name}`, Math.round(summary.rows / seconds), 'rows/s');
    print(`hunt_segments_${w.name}`, summary.query.segments.length, 'segments');
    print(`hunt_new_ips_${w.name}`, summary.newIps.length + summary.resightedIps.length, 'ips');
    for (const [stage, ms] of Object.entries(summary.durationsMs)) print(`hunt_${stage}_ms_${w.name}`, ms, 'ms');
    if (summary.budgetExhausted || summary.failures.length > 0) {
      process.stdout.write(`# ${w.name}: budgetExhausted=${summary.budgetExhausted}, failures=${summary.failures.map((f) => f.error).join('; ')}\n`);
    }
    if (w.name === '500k') print('hunt_peak_rss_mb', Math.round(process.resourceUsage().maxRSS / 1024), 'MB');
    if (w.name !== '100k') continue;

    // Five rounds, each measuring the three rates back to back, so that a ratio compares rates taken moments apart: on a
    // shared 2-core machine, the speed of the moment swings more between passes a minute apart than the hunt's own cost.
    // - the hunt's own rate: the same window again with the recorded responses replayed (a dry run changes no state);
    // - the baseline: only JSON.parse the same response bodies, in this process;
    // - the ceiling of any hunt through the SDK: the same replayed queries, only deserialized by the SDK client (its
    //   JSON.parse, row copies, datetime and dynamic cell conversion) and counted.
    transport.mode.value = 'replay';
    const rounds: { hunt: number; parse: number; sdk: number; durationsMs: Record<string, number>; rows: number }[] = [];
    for (let i = 0; i < 5; i++) {
      let started = performance.now();
      const replayed = await runHunt(deps, { trigger: 'cli', window: windowOf(w), dryRun: true });
      const hunt = replayed.rows / ((performance.now() - started) / 1000);

      let parsedRows = 0;
      started = performance.now();
      for (const body of transport.bodies) {
        const parsed = JSON.parse(body) as { tables: { rows: unknown[] }[] };
        parsedRows += parsed.tables[0]?.rows.length ?? 0;
      }
      const parse = parsedRows / ((performance.now() - started) / 1000);

      let sdkRows = 0;
      started = performance.now();
      for (const segment of summary.query.segments) {
        const result = await deps.logs.queryWorkspace(config.query.workspaceId, buildHuntQuery(config.query), {
          startTime: new Date(segment.start),
          endTime: new Date(segment.end),
        });
        sdkRows += (result.status === 'Success' ? result.tables : result.partialTables)[0]?.rows.length ?? 0;
      }
      const sdk = sdkRows / ((performance.now() - started) / 1000);
      rounds.push({ hunt, parse, sdk, durationsMs: replayed.durationsMs, rows: replayed.rows });
    }
    transport.mode.value = 'pass';
    // Stages of the round whose hunt rate is the median.
    const middle = medianBy(rounds, (r) => r.hunt);
    for (const [stage, ms] of Object.entries(middle.durationsMs)) print(`hunt_replayed_${stage}_ms`, ms, 'ms');
    for (const [stage, ms] of Object.entries(middle.durationsMs)) print(`hunt_replayed_${stage}_us_per_row`, (1000 * ms) / middle.rows, 'us');
    print('sdk_query_rows_per_s', Math.round(median(rounds.map((r) => r.sdk))), 'rows/s');
    print('hunt_candidate_rows_per_s', Math.round(median(rounds.map((r) => r.hunt))), 'rows/s');
    print('json_parse_rows_per_s', Math.round(median(rounds.map((r) => r.parse))), 'rows/s');
    // Each ratio is the median of the rounds' own ratios.
    print('hunt_parse_ratio', median(rounds.map((r) => r.hunt / r.parse)), 'ratio');
    print('sdk_parse_ratio', median(rounds.map((r) => r.sdk / r.parse)), 'ratio');
    print('hunt_sdk_ratio', median(rounds.map((r) => r.hunt / r.sdk)), 'ratio');
    // Let the recorded bodies go before the large windows: the peak memory is the hunt's, not the bench's.
    transport.bodies.length = 0;
    transport.forget();
  }
} finally {
  workspace.stop();
}
