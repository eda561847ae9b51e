import { once } from 'node:events';
import { InputError } from '../../src/errors.js';
import type { CliCommand } from '../cliIo.js';
import { parseCliArgs } from '../parseCliArgs.js';

const HELP = `Usage: cmdline-ip-hunter sample --rows N --seed S [--start ISO --days D] > FILE.jsonl

Writes N deterministic SecurityEvent 4688 rows as JSON lines: hosts, accounts, benign admin command lines (with
private, loopback and documentation addresses and version strings) and malicious ones with public addresses in URL,
UNC, host:port, key=value, IPv6, hex, decimal, octal and -EncodedCommand forms. The same seed gives the same rows.
Defaults: --start 7 days before now (UTC midnight), --days 7. The planted addresses are listed on stderr.
`;

function positiveInteger(option: string, text: string | undefined, fallback?: number): number {
  if (text === undefined) {
    if (fallback === undefined) throw new InputError(option, 'is required');
    return fallback;
  }
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new InputError(option, `"${text}" is not a non-negative integer`);
  return n;
}

/** `cmdline-ip-hunter sample`: generate sample SecurityEvent rows as JSON lines. */
export const sampleCommand: CliCommand = async (args, io) => {
  const { values } = parseCliArgs(args, {
    rows: { type: 'string' },
    seed: { type: 'string' },
    start: { type: 'string' },
    days: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const rows = positiveInteger('--rows', values.rows);
  const seed = positiveInteger('--seed', values.seed);
  const days = positiveInteger('--days', values.days, 7);
  if (days === 0) throw new InputError('--days', 'must be at least 1');
  let start: Date;
  if (values.start !== undefined) {
    start = new Date(values.start);
    if (Number.isNaN(start.getTime())) throw new InputError('--start', `"${values.start}" is not an ISO-8601 date-time`);
  } else {
    const today = new Date();
    start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - days * 86_400_000);
  }
  const { generateSecurityEvents } = await import('../../local/sample/generateSecurityEvents.js');
  const sample = generateSecurityEvents({ rows, seed, start, days });
  // Write in chunks, honouring back-pressure, so a million rows stream instead of building one huge string.
  const chunk = 5000;
  for (let i = 0; i < sample.rows.length; i += chunk) {
    const text = sample.rows.slice(i, i + chunk).map((r) => JSON.stringify(r)).join('\n') + '\n';
    if (!io.stdout.write(text)) await once(io.stdout, 'drain');
  }
  io.stderr.write(`sample: ${rows} rows, ${sample.plantedIps.length} planted external addresses: ${sample.plantedIps.join(' ')}\n`);
  return 0;
};
