import { loadConfig } from '../src/config/loadConfig.js';
import { createHuntDependencies } from '../src/hunt/createHuntDependencies.js';
import type { HuntDependencies } from '../src/hunt/runHunt.js';

let cached: HuntDependencies | undefined;

/**
 * The app's one set of clients, built on first use from the app settings. A configuration error is thrown on every
 * call (not cached), so each invocation reports which settings are wrong until they are fixed.
 */
export function getDependencies(): HuntDependencies {
  cached ??= createHuntDependencies(loadConfig(process.env));
  return cached;
}
