import type { TableClient } from '@azure/data-tables';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import path from 'node:path';
import { loadConfig, loadWindowConfig } from '../src/config/loadConfig.js';
import { createAzureClients } from '../src/hunt/createAzureClients.js';
import { createHuntDependencies } from '../src/hunt/createHuntDependencies.js';
import type { HuntSummary } from '../src/hunt/huntSummary.js';
import { InputError, statusCodeOf } from '../src/errors.js';
import { maxWindowLabel, windowLimitProblem, type HuntWindowLimits } from '../src/hunt/parseHuntWindow.js';
import { runHunt, type HuntRequest } from '../src/hunt/runHunt.js';
import { RUN_LOCK_KEY } from '../src/state/TableStateStore.js';
import { silentLogger, type Logger } from '../src/logger.js';
import type { TimeWindow } from '../src/query/timeWindow.js';
import type { TableData } from './kql/kqlTypes.js';
import { generateProcessEvents } from './sample/generateProcessEvents.js';
import { PLANTED_EVIDENCE_TABLES, plantEvidence } from './sample/plantEvidence.js';
import { writeSampleLines } from './sample/writeSampleLines.js';
import { lockStateDir } from './lockStateDir.js';
import { startLocalWorkspace, type LocalWorkspaceOptions } from './startLocalWorkspace.js';
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
  /** Table name → file of its rows (same formats), hunted together instead of the generated sample (`--table NAME=FILE`). */
  readonly tableFiles?: Readonly<Record<string, string>>;
  readonly now?: Date;
  readonly rows?: number;
  readonly seed?: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly logger?: Logger;
  /** Limits of the local Log Analytics server (default the service's: 500,000 rows, 64 MB), e.g. smaller to see parts. */
  readonly logAnalytics?: LocalWorkspaceOptions['logAnalytics'];
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
/** Write a file through a temporary one renamed into place, so a crash never leaves half a sample. */
async function writeAtomically<T>(file: string, write: (out: ReturnType<typeof createWriteStream>) => Promise<T>): Promise<T> {
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  const result = await write(out);
  out.end();
  await finished(out);
  await rename(partial, file);
  return result;
}

function writeSampleFile(file: string, options: Parameters<typeof writeSampleLines>[1]): Promise<{ rows: number; plantedIps: string[] }> {
  return writeAtomically(file, (out) => writeSampleLines(out, options));
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

  const given: Record<string, string> = { ...(options.tableFiles ?? {}) };
  if (options.dataFile !== undefined) {
    if (given['SecurityEvent'] !== undefined) throw new InputError('--data', 'is the shorthand of --table SecurityEvent=FILE: give one of them');
    given['SecurityEvent'] = options.dataFile;
  }
  const files = Object.keys(given).length > 0 ? given : await sampleFiles(options, clock, logger);
  const tables: Record<string, TableData> = {};
  let span: TimeWindow | undefined;
  for (const [name, file] of Object.entries(files)) {
    const loadStarted = performance.now();
    const table = await readTableFile(name, file);
    logger.info(`Loaded ${table.rowCount} ${name} rows from ${file} in ${Math.round(performance.now() - loadStarted)} ms`);
    tables[name] = table;
    const tableSpan = dataSpan(table);
    if (tableSpan) {
      span = span
        ? { start: tableSpan.start < span.start ? tableSpan.start : span.start, end: tableSpan.end > span.end ? tableSpan.end : span.end }
        : tableSpan;
    }
  }
  if (Object.keys(given).length > 0 && span && !request.window && request.lookbackMs === undefined) {
    request = { ...request, window: checkedDataSpan(span, limits) };
  }

  const workspace = await startLocalWorkspace({
    tables,
    stateDir: options.stateDir,
    now: clock,
    ...(options.logAnalytics ? { logAnalytics: options.logAnalytics } : {}),
  });
  try {
    logger.info(
      `Local workspace: Log Analytics ${workspace.logAnalytics.endpoint}, Sentinel ${workspace.sentinel.endpoint}, Azurite tables on port ${workspace.azurite.port}`,
    );
    const config = loadConfig({ ...settings, ...workspace.settings });
    await releaseDeadRunLock(createAzureClients(config, workspace.dependencyOptions).stateTable, logger);
    const deps = createHuntDependencies(config, { ...workspace.dependencyOptions, logger, now: clock });
    return await runHunt(deps, request);
  } finally {
    await workspace.close();
  }
}

/**
 * Release a run lock a local hunt that did not finish (killed) left in the state table. Local hunts on one state folder
 * take its lock file before anything else, so a run lock found while holding it belongs to a process that is gone; left
 * in place it would refuse every run until it expires (HUNT_LOCK_DURATION after the dead run started, never with a
 * fixed --now).
 */
async function releaseDeadRunLock(table: TableClient, logger: Logger): Promise<void> {
  let holder: unknown;
  try {
    holder = (await table.getEntity(RUN_LOCK_KEY.partitionKey, RUN_LOCK_KEY.rowKey))['holder'];
  } catch (error) {
    if (statusCodeOf(error) === 404) return; // no run lock, or no state table yet
    throw error;
  }
  await table.deleteEntity(RUN_LOCK_KEY.partitionKey, RUN_LOCK_KEY.rowKey);
  logger.info(`Released the run lock of a local hunt that did not finish (${String(holder)})`);
}

/**
 * The generated sample, written once into the state folder: SecurityEvent rows, and Defender, Sysmon (`Event`) and
 * `WindowsEvent` process creations, so that `npm start` shows findings from every default source.
 */
async function sampleFiles(options: LocalHuntOptions, clock: () => Date, logger: Logger): Promise<Record<string, string>> {
  const rows = options.rows ?? 50_000;
  const seed = options.seed ?? 1;
  // The sample ends a few minutes before now, so the first scheduled window (which ends the ingestion delay before now) covers it.
  const start = new Date(clock().getTime() - SAMPLE_DAYS * 86_400_000 - 5 * 60_000);
  const files: Record<string, string> = { SecurityEvent: path.join(options.stateDir, 'sample.jsonl') };
  let plantedIps: string[] | undefined;
  if (existsSync(files['SecurityEvent']!)) {
    logger.info(`Sample data: ${files['SecurityEvent']} (kept from an earlier run)`);
  } else {
    const t = performance.now();
    const sample = await writeSampleFile(files['SecurityEvent']!, { rows, seed, start, days: SAMPLE_DAYS });
    logger.info(`Sample data: ${rows} SecurityEvent rows over ${SAMPLE_DAYS} days generated in ${Math.round(performance.now() - t)} ms (${sample.plantedIps.length} planted external IPs) → ${files['SecurityEvent']}`);
    plantedIps = sample.plantedIps;
  }
  const perTable = Math.max(1, Math.round(rows / 20));
  let generated: ReturnType<typeof generateProcessEvents> | undefined;
  for (const name of ['DeviceProcessEvents', 'Event', 'WindowsEvent'] as const) {
    const file = path.join(options.stateDir, `sample-${name}.jsonl`);
    files[name] = file;
    if (existsSync(file)) continue;
    generated ??= generateProcessEvents({ rows: perTable, seed, start, days: SAMPLE_DAYS });
    await writeJsonLines(file, generated.tables[name]);
    logger.info(`Sample data: ${perTable} ${name} rows (${generated.plantedIps[name].length} planted external IPs) → ${file}`);
  }
  if (plantedIps) {
    // Evidence for the first planted addresses, those of every source (allowed, denied and failed connections; valid,
    // expired and revoked indicators, legacy ones too: one case each, more cases than a small sample plants in
    // SecurityEvent), half a day before the sample ends, so the Evidence column and severities have something to show.
    const ips = [...new Set([...plantedIps, ...Object.values(generated?.plantedIps ?? {}).flat()])];
    const sighted = new Date(clock().getTime() - 12 * 3_600_000);
    const evidence = plantEvidence(ips, () => sighted);
    for (const [name, evidenceRows] of Object.entries(evidence.tables)) {
      const file = path.join(options.stateDir, `sample-${name}.jsonl`);
      await writeJsonLines(file, evidenceRows);
      logger.info(`Sample data: ${evidenceRows.length} ${name} rows of planted evidence → ${file}`);
    }
  }
  for (const name of PLANTED_EVIDENCE_TABLES) {
    const file = path.join(options.stateDir, `sample-${name}.jsonl`);
    if (existsSync(file)) files[name] = file;
  }
  return files;
}

/** Rows as JSON lines, streamed to the file. */
function writeJsonLines(file: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  return writeAtomically(file, async (out) => {
    for (const row of rows) {
      if (!out.write(`${JSON.stringify(row)}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
  });
}
