import { describeError } from '../src/errors.js';
import { processIo, type CliCommand, type CliIo } from './cliIo.js';

/** Commands load lazily: `detect` must not pay for the KQL engine, and production paths never load `local/`. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  detect: {
    summary: 'read SecurityEvent-shaped JSON lines on stdin, write one detection result per line',
    load: async () => (await import('./commands/detect.js')).detectCommand,
  },
  hunt: {
    summary: 'run one hunt (--local: against the embedded local workspace)',
    load: async () => (await import('./commands/hunt.js')).huntCommand,
  },
  query: {
    summary: 'run a KQL query over local tables and print the Log Analytics response body',
    load: async () => (await import('./commands/query.js')).queryCommand,
  },
  sample: {
    summary: 'generate deterministic SecurityEvent 4688 sample data as JSON lines',
    load: async () => (await import('./commands/sample.js')).sampleCommand,
  },
  doctor: {
    summary: 'the first-run self-check: settings, identity, permissions, command lines, storage (--write-test: the entity path)',
    load: async () => (await import('./commands/doctor.js')).doctorCommand,
  },
  incidents: {
    summary: 'list the incidents stored by the local Sentinel server, with their entities',
    load: async () => (await import('./commands/incidents.js')).incidentsCommand,
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'Usage: cmdline-ip-hunter <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'cmdline-ip-hunter <command> --help' for a command's options.",
  ].join('\n');
}

/** Entry point of the `cmdline-ip-hunter` binary; returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`cmdline-ip-hunter: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  try {
    return await (await command.load())(rest, io);
  } catch (error) {
    io.stderr.write(`cmdline-ip-hunter ${name}: ${describeError(error)}\n`);
    return 1;
  }
}
