/**
 * Small helpers shared by the tabular operators: named parameters, row ordering, composite keys.
 */
import { className, listItems, type BridgeNode } from './kustoFrontend.js';
import { compareNonNull, defaultValue, isNullish } from './kqlValues.js';
import { Relation } from './Relation.js';
import type { KqlColumn } from './kqlTypes.js';

/** `kind=inner`, `withsource=T`, … as lowercase name → raw text. */
export function namedParameters(list: BridgeNode): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of listItems(list)) {
    if (className(p) !== 'NamedParameter') continue;
    out.set(String(p.Name.SimpleName).toLowerCase(), String(p.Expression.ToString()).trim());
  }
  return out;
}

export interface SortKey {
  readonly values: readonly unknown[];
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

/** Row indices in sorted order; stable, so ties keep input order (the service leaves tie order unspecified). */
export function sortedIndices(length: number, keys: readonly SortKey[]): number[] {
  const indices = Array.from({ length }, (_, i) => i);
  indices.sort((a, b) => {
    for (const key of keys) {
      const x = key.values[a];
      const y = key.values[b];
      const xn = isNullish(x);
      const yn = isNullish(y);
      if (xn || yn) {
        if (xn && yn) {
          // Null and NaN sit together: null outermost (null, NaN … or … NaN, null).
          const rank = (v: unknown) => (v === null || v === undefined ? 0 : 1);
          const d = rank(x) - rank(y);
          if (d !== 0) return key.nullsFirst ? d : -d;
          continue;
        }
        return xn === key.nullsFirst ? -1 : 1;
      }
      const c = compareNonNull(x, y);
      if (c !== 0) return key.descending ? -c : c;
    }
    return 0;
  });
  return indices;
}

/** A hashable key for a combination of values (objects compare by JSON text). */
export function compositeKey(values: readonly unknown[]): unknown {
  if (values.length === 1) {
    const v = values[0];
    return v !== null && typeof v === 'object' ? `o${JSON.stringify(v)}` : v;
  }
  let key = '';
  for (const v of values) {
    key += v === null || v === undefined ? '\u0000n' : typeof v === 'object' ? `\u0000o${JSON.stringify(v)}` : `\u0000${typeof v}${String(v)}`;
  }
  return key;
}

/** Gathers rows by index where -1 means "no row" (the column's default), for outer joins. */
export function gatherWithDefaults(source: readonly unknown[], indices: readonly number[], column: KqlColumn): unknown[] {
  const fallback = defaultValue(column.type);
  const out = new Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i]!;
    out[i] = r < 0 ? fallback : source[r];
  }
  return out;
}

/** A relation of `length` rows built from a column-producing function. */
export function relationOf(columns: readonly KqlColumn[], length: number, column: (index: number) => unknown[]): Relation {
  return new Relation(columns, length, column);
}
