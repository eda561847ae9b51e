/**
 * One scheduled hunt in a process of its own, against servers its parent (a test) started and keeps running, so the
 * parent can SIGKILL this process at a chosen instant and the servers (and what they stored) outlive it.
 * Run as `node --import ./test/support/registerTypescript.mjs test/support/huntProcess.ts` with HUNT_PROCESS_INPUT set
 * to the JSON of a HuntProcessInput. Every log line goes to stdout as it happens (`info …`, `warn …`), then one
 * `summary {json}` line; a failure prints `failed {message}` and exits 1.
 */
import { loadConfig } from '../../src/config/loadConfig.js';
import { describeError } from '../../src/errors.js';
import { createHuntDependencies } from '../../src/hunt/createHuntDependencies.js';
import { runHunt } from '../../src/hunt/runHunt.js';
import type { Logger } from '../../src/logger.js';
import { httpDowngradingClient } from '../../local/http/httpDowngradingClient.js';
import { staticTokenCredential } from '../../local/http/staticTokenCredential.js';

export interface HuntProcessInput {
  /** Complete app settings (the local workspace's endpoints and the test's own). */
  readonly settings: Record<string, string>;
  /** The run's clock, ISO-8601. */
  readonly now: string;
}

const input = JSON.parse(process.env['HUNT_PROCESS_INPUT'] ?? '{}') as HuntProcessInput;
const line = (level: string) => (message: string) => void process.stdout.write(`${level} ${message.replace(/\n/g, ' ')}\n`);
const logger: Logger = { info: line('info'), warn: line('warn'), error: line('error'), debug: () => {} };
const now = new Date(input.now);
try {
  const deps = createHuntDependencies(loadConfig(input.settings), {
    credential: staticTokenCredential(),
    httpClient: httpDowngradingClient(),
    retryDelayInMs: 10,
    maxRetryDelayInMs: 100,
    logger,
    now: () => now,
  });
  const summary = await runHunt(deps, { trigger: 'timer' });
  process.stdout.write(`summary ${JSON.stringify(summary)}\n`);
} catch (error) {
  process.stdout.write(`failed ${describeError(error)}\n`);
  process.exitCode = 1;
}
