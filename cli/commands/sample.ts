import type { CliCommand } from '../cliIo.js';

// Placeholder until the command lands; it says so rather than pretending to work.
export const sampleCommand: CliCommand = async (_args, io) => {
  io.stderr.write('cmdline-ip-hunter sample: not implemented yet\n');
  return 1;
};
