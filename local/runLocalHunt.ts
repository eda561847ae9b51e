import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import path from 'node:path';
import { loadConfig, loadWindowConfig } from '../src/config/loadConfig.js';
import { createHuntDependencies } from '../src/hunt/createHuntDependencies.js';
import type { HuntSummary } from '../src/hunt/huntSummary.js';
import { InputError } from '../src/errors.js';
import { maxWindowLabel, windowLimitProblem, type HuntWindowLimits } from '../src/hunt/parseHuntWindow.js';
import { runHunt, type HuntRequest } from '../src/hunt/runHunt.js';
import { silentLogger, type Logger } from '../src/logger.js';
import type { TimeWindow } from '../src/query/queryWindow.js';
import type { TableData } from './kql/kqlTypes.js';
import { writeSampleLines } from './sample/writeSampleLines.js';
import { lockStateDir } from './lockStateDir.js';
import { startLocalWorkspace } from './startLocalWorkspace.js';
import { readTableFile } from './tables/readTableFile.js';

/** Settings a user may set in the environment for a local run (detection and incident policy, not endpoints or ids). */
const USER_SETTINGS = [
  'HUNT_QUERY',
  'HUNT_MAX_WINDOW',
  'HUNT_PROCESSES',
  'HUNT_SOURCES',
  'EXCLUDED_CIDRS',
  'EXCLUSION_RULES',
  'FINDING_MAX_COMMAND_LINES',
  'INCIDENT_HIGH_SEVERITY_HOSTS',
  'INCIDENT_INDICATOR_IPS',
  'INCIDENT_LABELS',
  'INCIDENT_CLOSED_POLICY',
  'INCIDENT_NEW_AFTER_DAYS',
  'PUBLISH_CONCURRENCY',
  'PUBLISH_MAX_INCIDENTS_PER_RUN',
];

const SAMPLE_DAYS = 7;

export interface LocalHuntOptions {
  /** The request, or how to make it once the run's window limits (HUNT_MAX_WINDOW, now) are known. */
  readonly request: HuntRequest | ((limits: HuntWindowLimits) => HuntRequest);
  /** Azurite tables, the Sentinel store and the generated sample live here, so a second run remembers the first. */
  readonly stateDir: string;
  /** A file of SecurityEvent rows (JSON lines or a JSON array, gzipped when named .gz) to hunt instead of the generated sample. */
  readonly dataFile?: string;
  readonly now?: Date;
  readonly rows?: number;
  readonly seed?: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly logger?: Logger;
}

/** The time span of the table's rows, end exclusive, or undefined when no row has a time (a loop: tables hold millions of rows). */
function dataSpan(table: TableData): TimeWindow | undefined {
  const times = table.values[table.columns.findIndex((c) => c.name === 'TimeGenerated')];
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < table.rowCount; r++) {
    const t = times?.[r];
    if (typeof t !== 'number') continue;
    if (t < min) min = t;
    if (t > max) max = t;
  }
  return min === Infinity ? undefined : { start: new Date(min), end: new Date(max + 1) };
}

/** Streams a generated sample to `file` (through a temporary name, so an interrupted generation leaves no half file). */
async function writeSampleFile(file: string, options: Parameters<typeof writeSampleLines>[1]): Promise<{ rows: number; plantedIps: string[] }> {
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  const written = await writeSampleLines(out, options);
  out.end();
  await finished(out);
  await rename(partial, file);
  return written;
}

/** The data's span as the run's window, refused as an explicit --start/--end window would be. */
function checkedDataSpan(window: TimeWindow, limits: HuntWindowLimits): TimeWindow {
  const span = `the rows run from ${window.start.toISOString()} to ${window.end.toISOString()}`;
  switch (windowLimitProblem(window, limits)) {
    case 'endsInFuture':
      throw new InputError('--data', `${span}, past now (${limits.now.toISOString()}); pass --now or --start/--end`);
    case 'longerThanMax':
      throw new InputError('--data', `${span}, longer than ${maxWindowLabel(limits)}; set HUNT_MAX_WINDOW or pass --start/--end`);
    case undefined:
      return window;
  }
}

/**
 * `npm start` / `cmdline-ip-hunter hunt --local`: start the local workspace over the sample (generated once into the state
 * folder) or the given data, and run one hunt through the real SDK clients.
 * Given data is hunted over its own time span unless the request names a window; like any window, that span must
 * not be longer than HUNT_MAX_WINDOW nor end in the future.
 */
export async function runLocalHunt(options: LocalHuntOptions): Promise<HuntSummary> {
  const logger = options.logger ?? silentLogger;
  const now = options.now;
  const clock = now ? () => now : () => new Date();
  const env = options.env ?? {};
  const settings: Record<string, string | undefined> = {
    HUNT_FIRST_LOOKBACK: `P${SAMPLE_DAYS + 1}D`,
    HUNT_MAX_WINDOW: `P${SAMPLE_DAYS + 1}D`,
    HUNT_INGESTION_DELAY: 'PT1M',
    PUBLISH_MAX_INCIDENTS_PER_RUN: '1000',
    PUBLISH_CONCURRENCY: '8',
    ...Object.fromEntries(USER_SETTINGS.filter((k) => env[k] !== undefined).map((k) => [k, env[k]])),
  };
  // A bad window is the caller's mistake: refuse it before generating a sample or starting anything.
  const limits = { maxWindowMs: loadWindowConfig(settings).maxWindowMs, now: clock() };
  const request = typeof options.request === 'function' ? options.request(limits) : options.request;
  await mkdir(options.stateDir, { recursive: true });
  const unlock = await lockStateDir(options.stateDir);
  try {
    return await huntInStateDir(options, request, limits, settings, clock, logger);
  } finally {
    await unlock();
  }
}

async function huntInStateDir(
  options: LocalHuntOptions,
  request: HuntRequest,
  limits: HuntWindowLimits,
  settings: Record<string, string | undefined>,
  clock: () => Date,
  logger: Logger,
): Promise<HuntSummary> {

  let file = options.dataFile;
  if (file === undefined) {
    file = path.join(options.stateDir, 'sample.jsonl');
    if (existsSync(file)) {
      logger.info(`Sample data: ${file} (kept from an earlier run)`);
    } else {
      const rows = options.rows ?? 50_000;
      // The sample ends a few minutes before now, so the first scheduled window (which ends the ingestion delay before now) covers it.
      const start = new Date(clock().getTime() - SAMPLE_DAYS * 86_400_000 - 5 * 60_000);
      const t = performance.now();
      const sample = await writeSampleFile(file, { rows, seed: options.seed ?? 1, start, days: SAMPLE_DAYS });
      logger.info(`Sample data: ${rows} SecurityEvent rows over ${SAMPLE_DAYS} days generated in ${Math.round(performance.now() - t)} ms (${sample.plantedIps.length} planted external IPs) → ${file}`);
    }
  }
  const loadStarted = performance.now();
  const table = await readTableFile('SecurityEvent', file);
  logger.info(`Loaded ${table.rowCount} SecurityEvent rows from ${file} in ${Math.round(performance.now() - loadStarted)} ms`);
  if (options.dataFile !== undefined && !request.window && request.lookbackMs === undefined) {
    const window = dataSpan(table);
    if (window) request = { ...request, window: checkedDataSpan(window, limits) };
  }

  const workspace = await startLocalWorkspace({ tables: { SecurityEvent: table }, stateDir: options.stateDir, now: clock });
  try {
    logger.info(
      `Local workspace: Log Analytics ${workspace.logAnalytics.endpoint}, Sentinel ${workspace.sentinel.endpoint}, Azurite tables on port ${workspace.azurite.port}`,
    );
    const config = loadConfig({ ...settings, ...workspace.settings });
    const deps = createHuntDependencies(config, { ...workspace.dependencyOptions, logger, now: clock });
    return await runHunt(deps, request);
  } finally {
    await workspace.close();
  }
}
