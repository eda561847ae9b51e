import { matchGlob } from '../matchGlob.js';
import type { ExclusionCondition } from './exclusionCondition.js';

export interface GlobConditionOptions {
  /** Also match the file name of a path value (`C:\dir\curl.exe` matches `curl.exe`). Default false. */
  readonly matchFileName?: boolean;
}

function fileName(path: string): string {
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return cut === -1 ? path : path.slice(cut + 1);
}

/**
 * A condition whose value is a glob (`*`, `?`) matched against the whole of one sighting field, case-insensitively
 * (see matchGlob).
 */
export function globCondition<K extends string, S>(
  key: K,
  read: (sighting: S) => string | undefined,
  options: GlobConditionOptions = {},
): ExclusionCondition<K, string, S> {
  const matchFileName = options.matchFileName ?? false;
  return Object.freeze({
    key,
    parse: (text: string) => ({ value: text }),
    describe: (glob: string) => `${key} ${glob}`,
    compile: (glob: string) => (sighting: S) => {
      const value = read(sighting);
      if (value === undefined) return false;
      return matchGlob(glob, value) || (matchFileName && matchGlob(glob, fileName(value)));
    },
  });
}
