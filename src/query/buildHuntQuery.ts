import { HunterError } from '../errors.js';
import type { QueryConfig } from '../config/loadConfig.js';
import { kqlStringArray } from './kqlLiteral.js';
import { loadQueryText } from './loadQueryText.js';

const ALL_PROCESSES_LINE = /^let hunt_all_processes = [^\n]*;$/m;
const PROCESSES_LINE = /^let hunted_processes = [^\n]*;$/m;

/**
 * The query text a hunt sends. `seed` mode sends the community query byte for byte (for parity checks);
 * `hunt` mode sends queries/hunt.kql with its two process `let` lines replaced by escaped literals from configuration.
 */
export function buildHuntQuery(config: Pick<QueryConfig, 'mode' | 'processes'>, template = loadQueryText(config.mode === 'seed' ? 'seed.kql' : 'hunt.kql')): string {
  if (config.mode === 'seed') return template;
  if (!ALL_PROCESSES_LINE.test(template) || !PROCESSES_LINE.test(template)) {
    throw new HunterError('Build hunting query: queries/hunt.kql lacks the `let hunt_all_processes` / `let hunted_processes` lines');
  }
  const all = config.processes.includes('*');
  const names = config.processes.filter((p) => p !== '*');
  return template
    .replace(ALL_PROCESSES_LINE, () => `let hunt_all_processes = ${all ? 'true' : 'false'};`)
    .replace(PROCESSES_LINE, () => `let hunted_processes = ${kqlStringArray(names, 'HUNT_PROCESSES')};`);
}
