import type { CliCommand } from '../cliIo.js';
import { dateOption, integerOption } from '../optionValues.js';
import { parseCliArgs } from '../parseCliArgs.js';

const HELP = `Usage: cmdline-ip-hunter sample --rows N --seed S [--start ISO --days D] > FILE.jsonl

Writes N deterministic SecurityEvent 4688 rows as JSON lines: hosts, accounts, benign admin command lines (with
private, loopback and documentation addresses and version strings) and malicious ones with public addresses in URL,
UNC, host:port, key=value, IPv6, hex, decimal, octal and -EncodedCommand forms. The same seed gives the same rows.
Defaults: --start 7 days before now (UTC midnight), --days 7. The planted addresses are listed on stderr.
`;

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
  const rows = integerOption(values.rows, '--rows', { min: 0 });
  const seed = integerOption(values.seed, '--seed', { min: 0 });
  const days = integerOption(values.days, '--days', { min: 1, fallback: 7 });
  let start: Date;
  if (values.start !== undefined) {
    start = dateOption(values.start, '--start');
  } else {
    const today = new Date();
    start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - days * 86_400_000);
  }
  const { writeSampleLines } = await import('../../local/sample/writeSampleLines.js');
  const sample = await writeSampleLines(io.stdout, { rows, seed, start, days });
  io.stderr.write(`sample: ${sample.rows} rows, ${sample.plantedIps.length} planted external addresses: ${sample.plantedIps.join(' ')}\n`);
  return 0;
};
