import { HunterError } from '../errors.js';
import type { QueryConfig } from '../config/loadConfig.js';
import { DEFAULT_HUNT_SOURCES, isHuntSource } from './huntSources.js';
import { kqlStringArray } from './kqlLiteral.js';
import { loadQueryText } from './loadQueryText.js';
import { SOURCE_LEG, sourceLegs } from './sourceLegs.js';

const ALL_PROCESSES_LINE = /^let hunt_all_processes = [^\n]*;$/m;
const PROCESSES_LINE = /^let hunted_processes = [^\n]*;$/m;

/**
 * The query text a hunt sends. `seed` mode sends the community query byte for byte (for parity checks);
 * `hunt` mode sends queries/hunt.kql with its two process `let` lines replaced by escaped literals from configuration
 * and only the union legs of the configured sources (default: DEFAULT_HUNT_SOURCES).
 */
export function buildHuntQuery(
  config: Pick<QueryConfig, 'mode' | 'processes'> & Partial<Pick<QueryConfig, 'sources'>>,
  template = loadQueryText(config.mode === 'seed' ? 'seed.kql' : 'hunt.kql'),
): string {
  if (config.mode === 'seed') return template;
  if (!ALL_PROCESSES_LINE.test(template) || !PROCESSES_LINE.test(template)) {
    throw new HunterError('Build hunting query: queries/hunt.kql lacks the `let hunt_all_processes` / `let hunted_processes` lines');
  }
  const sources = config.sources ?? DEFAULT_HUNT_SOURCES;
  const legs = new Set(sourceLegs(template).legs.map((l) => l.source));
  const lacking = sources.filter((s) => !legs.has(s));
  if (lacking.length > 0) throw new HunterError(`Build hunting query: queries/hunt.kql has no union leg for source(s) ${lacking.join(', ')}`);
  const all = config.processes.includes('*');
  const names = config.processes.filter((p) => p !== '*');
  return template
    .replace(SOURCE_LEG, (leg, source: string) => (isHuntSource(source) && sources.includes(source) ? leg : ''))
    .replace(ALL_PROCESSES_LINE, () => `let hunt_all_processes = ${all ? 'true' : 'false'};`)
    .replace(PROCESSES_LINE, () => `let hunted_processes = ${kqlStringArray(names, 'HUNT_PROCESSES')};`);
}
