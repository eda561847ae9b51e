import { loadConfig, loadRunStorageConfig } from '../src/config/loadConfig.js';
import { createHuntDependencies } from '../src/hunt/createHuntDependencies.js';
import type { HuntDependencies } from '../src/hunt/runHunt.js';
import { createRunDependencies } from '../src/runs/createRunDependencies.js';
import type { RunDependencies } from '../src/runs/runDependencies.js';

let cached: HuntDependencies | undefined;
let cachedRuns: RunDependencies | undefined;

/**
 * The app's one set of clients, built on first use from the app settings. A configuration error is thrown on every
 * call (not cached), so each invocation reports which settings are wrong until they are fixed.
 */
export function getDependencies(): HuntDependencies {
  cached ??= createHuntDependencies(loadConfig(process.env));
  return cached;
}

/**
 * The run store and queue of on-demand runs, built on first use like getDependencies, from the storage settings alone:
 * a queued run can then be recorded as failed, and its status read, while other settings are broken.
 */
export function getRunDependencies(): RunDependencies {
  cachedRuns ??= createRunDependencies(loadRunStorageConfig(process.env));
  return cachedRuns;
}
