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
  if (Array.isArray(list)) return [...new Set(list.filter((v): v is string => typeof v === 'string' && v !== ''))];
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
  if (!extra) return present(names.map(parse));
  const byText = new Map<string, Record<string, string>>();
  for (const bag of bags(extra.value)) {
    const text = bag[extra.textKey];
    if (typeof text !== 'string' || byText.has(text)) continue;
    const ids = Object.fromEntries(extra.identifiers.filter((id) => typeof bag[id] === 'string' && bag[id] !== '').map((id) => [id, bag[id] as string]));
    byText.set(text, ids);
  }
  return present(names.map((name) => {
    const parsed = parse(name);
    return parsed && { ...parsed, ...byText.get(name) };
  }));
}

/** The values that are there. */
export function present<T>(values: readonly (T | undefined)[]): T[] {
  return values.filter((v): v is T => v !== undefined);
}
