import type { CliCommand } from '../cliIo.js';

// Placeholder until the command lands; it says so rather than pretending to work.
export const huntCommand: CliCommand = async (_args, io) => {
  io.stderr.write('cmdline-ip-hunter hunt: not implemented yet\n');
  return 1;
};
