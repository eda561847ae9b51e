import path from 'node:path';
import { loadConfig } from '../../src/config/loadConfig.js';
import { InputError } from '../../src/errors.js';
import { createHuntDependencies } from '../../src/hunt/createHuntDependencies.js';
import type { HuntSummary } from '../../src/hunt/huntSummary.js';
import { parseHuntWindow, type HuntWindowChoice, type HuntWindowLimits } from '../../src/hunt/parseHuntWindow.js';
import { runHunt, type HuntRequest } from '../../src/hunt/runHunt.js';
import type { Logger } from '../../src/logger.js';
import type { CliCommand, CliIo } from '../cliIo.js';
import { formatTable } from '../formatTable.js';
import { dateOption, integerOption } from '../optionValues.js';
import { parseCliArgs } from '../parseCliArgs.js';

const HELP = `Usage: cmdline-ip-hunter hunt [--local] [options]

Runs one hunt. With --local, against the embedded local workspace (generated sample data, or --data), with state in
--state (default .local/). Without --local, against Azure, with the app settings from the environment.

Options:
  --local               use the local workspace (Log Analytics + Sentinel servers and Azurite on 127.0.0.1)
  --table NAME=FILE     rows of table NAME to hunt (repeatable: SecurityEvent, DeviceProcessEvents, Event,
                        WindowsEvent, and the evidence tables): JSON lines or a JSON array, gzipped when named .gz,
                        any size (streamed in); default: generated sample data for every default source
  --data FILE           shorthand for --table SecurityEvent=FILE
  --state DIR           where the local workspace keeps its state (default .local)
  --start ISO --end ISO hunt this window (the checkpoint is neither used nor moved)
  --lookback DURATION   hunt this far back from now, e.g. PT6H or P1D
  --dry-run             publish nothing, change no state; print the payloads that would be sent
  --json                print the run summary as one JSON object instead of tables
  --now ISO             pretend it is this time (local runs; for reproducible demos and tests)
  --rows N --seed S     size and seed of the generated sample (default 50000 rows, seed 1)
`;

const OPTIONS = {
  local: { type: 'boolean' },
  data: { type: 'string' },
  table: { type: 'string', multiple: true },
  state: { type: 'string' },
  start: { type: 'string' },
  end: { type: 'string' },
  lookback: { type: 'string' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  now: { type: 'string' },
  rows: { type: 'string' },
  seed: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const WINDOW_OPTIONS = { lookback: '--lookback', start: '--start', end: '--end' } as const;

/** The window options shared by local and Azure runs, held to the limits of the run's configuration as HTTP requests are. */
function windowRequest(values: { start?: string; end?: string; lookback?: string }, limits: HuntWindowLimits): HuntWindowChoice {
  return parseHuntWindow(values, { names: WINDOW_OPTIONS, limits, readDate: (value, option) => dateOption(String(value), option) });
}

function stderrLogger(io: CliIo, quiet: boolean): Logger {
  const write = (level: string) => (message: string) => {
    if (!quiet || level !== 'info') io.stderr.write(`${level === 'info' ? '' : `${level}: `}${message}\n`);
  };
  return { info: write('info'), warn: write('warn'), error: write('error'), debug: () => {} };
}

/** Findings and incidents as the tables a person reads after a run. */
export function renderSummary(summary: HuntSummary): string {
  const out: string[] = [];
  out.push(`Window ${summary.window.start} → ${summary.window.end} (${summary.window.source})`);
  out.push(
    `${summary.rows} rows, ${summary.candidateLines} with addresses, ${summary.externalIps} external IP(s): ` +
      `${summary.newIps.length} new, ${summary.resightedIps.length} re-sighted, ${summary.excluded.length} exclusion hit(s)` +
      (summary.dryRun ? ' — dry run, nothing published' : ''),
  );
  const sources = summary.query.sources;
  if (sources) {
    out.push(`Sources hunted: ${sources.hunted.join(', ') || 'none'}; skipped (no table): ${sources.skipped.join(', ') || 'none'}`);
  }
  if (summary.findings.length > 0) {
    // The Source and Evidence columns appear when the run has them (the hunting query's sources; the evidence lookup).
    const withSources = summary.findings.some((f) => f.sources !== undefined);
    const evidenceByIp = new Map((summary.evidence?.ips ?? []).map((e) => [e.ip, e]));
    const evidenceText = (ip: string): string => {
      const e = evidenceByIp.get(ip);
      if (!e) return '';
      if (e.status === 'unavailable') return 'not available';
      return e.labels.length > 0 ? e.labels.join(',') : 'none';
    };
    out.push('', 'Findings');
    out.push(
      formatTable(
        [
          'IP',
          'Hosts',
          'Accounts',
          'Events',
          ...(withSources ? ['Source'] : []),
          ...(summary.evidence ? ['Evidence'] : []),
          'First seen',
          'Last seen',
          'Command line',
        ],
        summary.findings.map((f) => [
          f.ip,
          String(f.hosts.length),
          String(f.accounts.length),
          String(f.eventCount),
          ...(withSources ? [(f.sources ?? []).join(',')] : []),
          ...(summary.evidence ? [evidenceText(f.ip)] : []),
          f.firstSeen.replace(/\.\d+Z$/, 'Z'),
          f.lastSeen.replace(/\.\d+Z$/, 'Z'),
          f.commandLines[0] ?? '',
        ]),
      ),
    );
  }
  if (summary.excluded.length > 0) {
    out.push('', 'Excluded');
    out.push(formatTable(['IP', 'Events', 'Rule', 'Reason'], summary.excluded.map((e) => [e.ip, String(e.eventCount), e.rule, e.reason])));
  }
  const incidents = summary.incidents.filter((i) => i.reason !== 'nothing-new');
  if (incidents.length > 0) {
    out.push('', 'Incidents');
    out.push(
      formatTable(
        ['IP', 'Incident', 'Number', 'Action', 'Detail'],
        incidents.map((i) => [i.ip, i.incidentId ?? '', i.incidentNumber !== undefined ? String(i.incidentNumber) : '', i.action, i.detail ?? '']),
      ),
    );
  } else {
    out.push('', summary.newIps.length === 0 ? 'No new external IPs: no incident created.' : 'No incident changes.');
  }
  if (summary.failures.length > 0) {
    out.push('', 'Failures');
    out.push(formatTable(['IP', 'Stage', 'Error'], summary.failures.map((f) => [f.ip ?? '', f.stage, f.error]), 120));
  }
  if (summary.exclusionProblems.length > 0) {
    out.push('', 'Exclusion watchlist items not used:', ...summary.exclusionProblems.map((p) => `  ${p}`));
  }
  if (summary.expiredExclusions.length > 0) {
    out.push('', `Expired exclusion rules (ignored): ${summary.expiredExclusions.map((e) => `${e.rule} (${e.expires})`).join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}

/** `--table NAME=FILE` options as table name → absolute file; a name given twice or without a file is refused. */
function tableFileOptions(specs: readonly string[], cwd: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const spec of specs) {
    const at = spec.indexOf('=');
    if (at <= 0 || at === spec.length - 1) throw new InputError('--table', `"${spec}" is not NAME=FILE`);
    const name = spec.slice(0, at);
    if (files[name] !== undefined) throw new InputError('--table', `${name} is given twice`);
    files[name] = path.resolve(cwd, spec.slice(at + 1));
  }
  return files;
}

export const huntCommand: CliCommand = async (args, io) => {
  const { values } = parseCliArgs(args, OPTIONS);
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const logger = stderrLogger(io, values.json === true);
  const request = (limits: HuntWindowLimits): HuntRequest => ({
    trigger: 'cli',
    ...windowRequest(values, limits),
    ...(values['dry-run'] ? { dryRun: true } : {}),
  });
  let summary: HuntSummary;
  if (values.local) {
    const { runLocalHunt } = await import('../../local/runLocalHunt.js');
    summary = await runLocalHunt({
      request,
      stateDir: path.resolve(io.cwd, values.state ?? '.local'),
      ...(values.data !== undefined ? { dataFile: path.resolve(io.cwd, values.data) } : {}),
      ...(values.table !== undefined ? { tableFiles: tableFileOptions(values.table, io.cwd) } : {}),
      ...(values.now !== undefined ? { now: dateOption(values.now, '--now') } : {}),
      rows: integerOption(values.rows, '--rows', { min: 1, fallback: 50_000 }),
      seed: integerOption(values.seed, '--seed', { min: 1, fallback: 1 }),
      env: io.env,
      logger,
    });
  } else {
    for (const option of ['data', 'table', 'state', 'now', 'rows', 'seed'] as const) {
      if (values[option] !== undefined) throw new InputError(`--${option}`, 'only applies with --local');
    }
    const config = loadConfig(io.env);
    summary = await runHunt(createHuntDependencies(config, { logger }), request({ maxWindowMs: config.window.maxWindowMs, now: new Date() }));
  }
  io.stdout.write(values.json ? `${JSON.stringify(summary)}\n` : renderSummary(summary));
  return summary.failures.length > 0 ? 1 : 0;
};
