import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError, QueryError } from '../../src/errors.js';
import { loadQueryText } from '../../src/query/loadQueryText.js';
import type { CliCommand } from '../cliIo.js';
import { dateOption } from '../optionValues.js';
import { parseCliArgs } from '../parseCliArgs.js';

const HELP = `Usage: cmdline-ip-hunter query --table SecurityEvent=FILE.jsonl (--query-file F.kql | --seed | --query TEXT)
                               [--now ISO] [--timespan ISO-INTERVAL]

Runs a KQL query with the local engine over tables read from JSON lines (or a JSON array) and prints the response
body Log Analytics would return ({"tables":[...]}). --seed runs the seed query (queries/seed.kql) as written.
--now fixes now()/ago(); --timespan restricts TimeGenerated as the service does (e.g. 2024-05-01T00:00:00Z/P1D).
A rejected query prints the error with its position and exits 1.
`;

/** `cmdline-ip-hunter query`: run KQL over local tables and print the Log Analytics response body. */
export const queryCommand: CliCommand = async (args, io) => {
  const { values } = parseCliArgs(args, {
    table: { type: 'string', multiple: true },
    'query-file': { type: 'string' },
    query: { type: 'string' },
    seed: { type: 'boolean' },
    now: { type: 'string' },
    timespan: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const sources = [values['query-file'] !== undefined, values.seed === true, values.query !== undefined].filter(Boolean).length;
  if (sources !== 1) throw new InputError('--query-file', 'give exactly one of --query-file, --seed or --query');
  if (!values.table || values.table.length === 0) throw new InputError('--table', 'give at least one --table NAME=FILE');

  const now = values.now !== undefined ? dateOption(values.now, '--now') : undefined;
  // Load the engine only now: it pulls in Kusto.Language (dev-only, about a second).
  const { readTableFile } = await import('../../local/tables/readTableFile.js');
  const { createKqlEngine } = await import('../../local/kql/createKqlEngine.js');
  const { serializeQueryResult } = await import('../../local/logAnalytics/serializeQueryResult.js');
  const { parseQueryTimespan } = await import('../../local/logAnalytics/parseQueryTimespan.js');

  const tables: Record<string, Awaited<ReturnType<typeof readTableFile>>> = {};
  for (const spec of values.table) {
    const at = spec.indexOf('=');
    if (at <= 0) throw new InputError('--table', `"${spec}" is not NAME=FILE`);
    tables[spec.slice(0, at)] = await readTableFile(spec.slice(0, at), path.resolve(io.cwd, spec.slice(at + 1)));
  }
  const query = values.seed
    ? loadQueryText('seed.kql')
    : values.query ?? (await readFile(path.resolve(io.cwd, values['query-file']!), 'utf8'));
  const clockNow = now ?? new Date();
  const timespan = values.timespan ? parseQueryTimespan(values.timespan, clockNow) : undefined;
  const engine = createKqlEngine({ tables, now: () => clockNow });
  try {
    const result = engine.run(query, { now: clockNow, ...(timespan ? { timespan } : {}) });
    // The CLI has no result cap: it prints everything.
    const { tables: body } = serializeQueryResult(result, { maxRows: Number.MAX_SAFE_INTEGER, maxBytes: Number.MAX_SAFE_INTEGER });
    io.stdout.write(`${JSON.stringify({ tables: body })}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof QueryError)) throw error;
    io.stderr.write(`cmdline-ip-hunter query: ${error.message}\n`);
    return 1;
  }
};
