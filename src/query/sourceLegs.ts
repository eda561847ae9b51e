import type { HuntSource } from './huntSources.js';
import { isHuntSource } from './huntSources.js';

/** One union leg of queries/hunt.kql: its `// source: name` line through the line that closes it (`    ),`). */
export const SOURCE_LEG = /^ {4}\/\/ source: ([a-z]+)\n[\s\S]*?\n {4}\),\n/gm;

/** The leg every fuzzy union of hunt.kql ends with: an empty `datatable` of the legs' columns, which always resolves. */
const EMPTY_LEG = /^ {4}\(\n {4}datatable\([^\n]*\)\[\]\n {4}\)\n/m;

/** The legs of queries/hunt.kql as written, in order, each with the source it reads, and the empty leg after them. */
export interface SourceLegs {
  readonly legs: readonly { readonly source: HuntSource; readonly text: string }[];
  /** Undefined when the template lacks it. */
  readonly emptyLeg: string | undefined;
}

/** Read the union legs of the hunting query template (see SOURCE_LEG). */
export function sourceLegs(template: string): SourceLegs {
  const legs = [...template.matchAll(SOURCE_LEG)].flatMap((m) => (isHuntSource(m[1]!) ? [{ source: m[1]!, text: m[0] }] : []));
  return { legs, emptyLeg: EMPTY_LEG.exec(template)?.[0] };
}
