// The command line as bin/cmdline-ip-hunter.js runs it, but from the TypeScript sources (no build): for tests that
// run it in a process of its own, e.g. to kill it. `node --import ./test/support/registerTypescript.mjs test/support/cliProcess.ts ARGS…`
import { main } from '../../cli/main.js';

process.exitCode = await main(process.argv.slice(2));
