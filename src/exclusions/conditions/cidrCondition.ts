import { CidrSet } from '../CidrSet.js';
import { parseCidrEntry, type CidrEntry } from '../parseCidrEntry.js';
import type { ExclusionCondition } from './exclusionCondition.js';

/** A condition whose value is a CIDR, an address or a seed-style dotted prefix (see parseCidrEntry), matched by containment. */
export function cidrCondition<K extends string, S>(key: K, read: (sighting: S) => string | undefined): ExclusionCondition<K, CidrEntry, S> {
  return Object.freeze({
    key,
    parse(text: string) {
      const entry = parseCidrEntry(text);
      return typeof entry === 'string' ? { problem: entry } : { value: entry };
    },
    describe: (entry: CidrEntry) => `${key} ${entry.cidr}`,
    compile(entry: CidrEntry) {
      // CidrSet rather than a hand-written containment test: it already handles IPv6 and IPv4-mapped addresses.
      const set = new CidrSet<true>();
      set.add(entry.cidr, true);
      return (sighting: S) => {
        const value = read(sighting);
        return value !== undefined && set.has(value);
      };
    },
  });
}
