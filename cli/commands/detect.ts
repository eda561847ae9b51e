import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { loadDetectionConfig } from '../../src/config/loadConfig.js';
import { extractAddresses } from '../../src/detect/extractAddresses.js';
import { compileExclusions, type CompiledExclusions } from '../../src/exclusions/compileExclusions.js';
import type { CliCommand } from '../cliIo.js';

const HELP = `Usage: cmdline-ip-hunter detect < events.jsonl

Reads one JSON object per line (SecurityEvent-shaped: CommandLine, optionally Process, Computer, Account,
TimeGenerated) and writes exactly one JSON line per input line, in order:
  {"external": ["45.9.148.3"], "found": [{"address", "raw", "offset", "encoding", "kind"}]}
"found" lists every address literal (external or not). Exclusions come from EXCLUDED_CIDRS and EXCLUSION_RULES in the
environment: an excluded external address stays in "found" with "excluded": "<reason>" and is left out of "external".
A line that cannot be used yields {"error": "..."} and the rest go on.
`;

/** The detection result for one input line, as a JSON line (without the newline). */
export function detectLine(line: string, lineNumber: number, exclusions: CompiledExclusions): string {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch (error) {
    return JSON.stringify({ error: `line ${lineNumber}: not valid JSON (${error instanceof Error ? error.message : String(error)})` });
  }
  if (row === null || typeof row !== 'object' || Array.isArray(row)) {
    return JSON.stringify({ error: `line ${lineNumber}: not a JSON object` });
  }
  const r = row as Record<string, unknown>;
  if (typeof r.CommandLine !== 'string') return JSON.stringify({ error: `line ${lineNumber}: CommandLine is missing or not a string` });
  const text = (key: string): string | undefined => (typeof r[key] === 'string' && r[key] !== '' ? (r[key] as string) : undefined);
  const external = new Set<string>();
  const found = extractAddresses(r.CommandLine).map((a) => {
    if (a.kind !== 'external') return a;
    const match = exclusions.match({
      ip: a.address,
      process: text('Process'),
      host: text('Computer'),
      account: text('Account'),
      commandLine: r.CommandLine as string,
    });
    if (match !== undefined) return { ...a, excluded: match.reason, rule: match.rule };
    external.add(a.address);
    return a;
  });
  return JSON.stringify({ external: [...external], found });
}

async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/** `cmdline-ip-hunter detect`: JSON lines in, one detection result per line out. */
export const detectCommand: CliCommand = async (args, io) => {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(HELP);
    return 0;
  }
  if (args.length > 0) {
    io.stderr.write(`cmdline-ip-hunter detect: unexpected argument "${args[0]}"\n\n${HELP}`);
    return 2;
  }
  const config = loadDetectionConfig(io.env); // a ConfigError names every bad setting; main prints it
  const exclusions = compileExclusions(config.exclusions, new Date());
  for (const rule of exclusions.wholeFamily) {
    io.stderr.write(`cmdline-ip-hunter detect: warning: ${rule} excludes every address of its family; none of them is reported\n`);
  }
  for (const rule of exclusions.expired) {
    io.stderr.write(`cmdline-ip-hunter detect: ${rule.rule} expired on ${rule.expires.toISOString()} and is ignored\n`);
  }
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    await write(io.stdout, `${detectLine(line, lineNumber, exclusions)}\n`);
  }
  return 0;
};
