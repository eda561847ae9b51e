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

/** The entities a row's entity column names (see `rowNames`), each read by `parse`; blank names are none. */
export function rowEntities(value: unknown, fallback: unknown, parse: (text: string) => EntityValue | undefined): EntityValue[] {
  return present(rowNames(value, fallback).map(parse));
}

/** The values that are there. */
export function present<T>(values: readonly (T | undefined)[]): T[] {
  return values.filter((v): v is T => v !== undefined);
}
