import { memoizeBounded } from '../memoizeBounded.js';
import type { EntityValue } from './entityKind.js';

/**
 * The names in a row's entity column: a dynamic array column (seed/hunt shape) arrives as an array or — from the Log
 * Analytics REST API — as a JSON string of one; a string that is not a JSON array is taken as a single name. Without
 * the list column, the raw SecurityEvent column (`fallback`, e.g. `Computer`) gives the one name.
 */
function rowNames(value: unknown, fallback: unknown): string[] {
  let list: unknown = value;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('[')) {
      try {
        list = JSON.parse(text);
      } catch {
        list = [value];
      }
    } else {
      list = text === '' ? [] : [text];
    }
  }
  if (Array.isArray(list)) {
    // Most rows name one entity: skip the set that removes repeats.
    if (list.length === 1) return typeof list[0] === 'string' && list[0] !== '' ? [list[0]] : [];
    return [...new Set(list.filter((v): v is string => typeof v === 'string' && v !== ''))];
  }
  return typeof fallback === 'string' && fallback !== '' ? [fallback] : [];
}

/**
 * Extra identifiers of a row's entities that their text does not show (a Defender device id, an account SID): the
 * hunting query's `HostIds` / `AccountSids` columns, a list of bags each naming the entity by its text under `textKey`
 * (as the raw column is named: `Computer`, `Account`) plus identifiers, e.g. `{ Computer: "web01", MdatpDeviceId: "…" }`.
 */
export interface RowIdentifiers {
  readonly value: unknown;
  readonly textKey: string;
  /** The identifiers a bag may add (others are ignored). */
  readonly identifiers: readonly string[];
}

function bags(value: unknown): Record<string, unknown>[] {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return [];
  let list = value;
  if (typeof value === 'string' && value.trim().startsWith('[')) {
    try {
      list = JSON.parse(value);
    } catch {
      return [];
    }
  }
  return Array.isArray(list) ? list.filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)) : [];
}

/**
 * The entities a row's entity column names (see `rowNames`), each read by `parse`; blank names are none. With `extra`,
 * each entity gains the identifiers its bag gives (the first bag for its text wins; blank values are none).
 */
export function rowEntities(
  value: unknown,
  fallback: unknown,
  parse: (text: string) => EntityValue | undefined,
  extra?: RowIdentifiers,
): EntityValue[] {
  const names = rowNames(value, fallback);
  const found = extra ? bags(extra.value) : [];
  if (!extra || found.length === 0) return present(names.map(parse));
  const byText = new Map<string, Record<string, string>>();
  for (const bag of found) {
    const text = bag[extra.textKey];
    if (typeof text !== 'string' || byText.has(text)) continue;
    const ids = Object.fromEntries(extra.identifiers.filter((id) => typeof bag[id] === 'string' && bag[id] !== '').map((id) => [id, bag[id] as string]));
    byText.set(text, ids);
  }
  return present(
    names.map((name) => {
      const parsed = parse(name);
      const ids = byText.get(name);
      // Without identifiers the parsed value itself (shared when `parse` is cached; entity values are read-only).
      return parsed && ids !== undefined && Object.keys(ids).length > 0 ? { ...parsed, ...ids } : parsed;
    }),
  );
}

/** How many names a cached parser remembers before it starts over (a part names few distinct hosts and accounts). */
const CACHED_NAMES = 10_000;

/**
 * `parse` remembering its answers, frozen and shared: every row repeats the same few host and account names, so each
 * is parsed (and later identified and displayed) once instead of once per row.
 */
export function cachedParse(parse: (text: string) => EntityValue | undefined): (text: string) => EntityValue | undefined {
  return memoizeBounded((text) => {
    const value = parse(text);
    return value && Object.freeze(value);
  }, CACHED_NAMES);
}

/** The values that are there. */
export function present<T>(values: readonly (T | undefined)[]): T[] {
  return values.filter((v): v is T => v !== undefined);
}
