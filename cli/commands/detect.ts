import type { CliCommand } from '../cliIo.js';

// Placeholder until the command lands; it says so rather than pretending to work.
export const detectCommand: CliCommand = async (_args, io) => {
  io.stderr.write('cmdline-ip-hunter detect: not implemented yet\n');
  return 1;
};
