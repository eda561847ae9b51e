import { HunterError } from '../errors.js';
import type { QueryConfig } from '../config/loadConfig.js';
import { DEFAULT_HUNT_SOURCES, isHuntSource } from './huntSources.js';
import { kqlStringArray } from './kqlLiteral.js';
import { loadQueryText } from './loadQueryText.js';

const ALL_PROCESSES_LINE = /^let hunt_all_processes = [^\n]*;$/m;
const PROCESSES_LINE = /^let hunted_processes = [^\n]*;$/m;
/** One union leg of hunt.kql: its `// source: name` line through the line that closes it (`    ),`). */
const SOURCE_LEG = /^ {4}\/\/ source: ([a-z]+)\n[\s\S]*?\n {4}\),\n/gm;

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
  const legs = new Set([...template.matchAll(SOURCE_LEG)].map((m) => m[1]!));
  const lacking = sources.filter((s) => !legs.has(s));
  if (lacking.length > 0) throw new HunterError(`Build hunting query: queries/hunt.kql has no union leg for source(s) ${lacking.join(', ')}`);
  const all = config.processes.includes('*');
  const names = config.processes.filter((p) => p !== '*');
  return template
    .replace(SOURCE_LEG, (leg, source: string) => (isHuntSource(source) && sources.includes(source) ? leg : ''))
    .replace(ALL_PROCESSES_LINE, () => `let hunt_all_processes = ${all ? 'true' : 'false'};`)
    .replace(PROCESSES_LINE, () => `let hunted_processes = ${kqlStringArray(names, 'HUNT_PROCESSES')};`);
}
