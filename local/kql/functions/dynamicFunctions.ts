/**
 * Functions over dynamic values (`array_length`, `pack_array`, `set_has_element`, `array_slice`, `strcat_array`,
 * `bag_pack`/`pack`), per the Kusto scalar function docs.
 */
import { mapScalars } from '../compiledScalar.js';
import { toKqlString } from '../kqlValues.js';
import type { ScalarFunction, ScalarFunctions } from './functionSupport.js';

/**
 * array_slice (https://learn.microsoft.com/kusto/query/array-slice-function): elements `start` through `end`
 * inclusive, negative indexes counting from the end; indexes past either end are clamped, and an empty range gives [].
 */
function arraySlice(array: unknown, start: unknown, end: unknown): unknown {
  if (!Array.isArray(array) || typeof start !== 'number' || typeof end !== 'number') return null;
  const n = array.length;
  const from = Math.max(0, start < 0 ? n + start : start);
  const to = Math.min(n - 1, end < 0 ? n + end : end);
  return from > to ? [] : array.slice(from, to + 1);
}

const arrayLength: ScalarFunction = (a) => mapScalars(a, 'long', ([v]) => (Array.isArray(v) ? v.length : null));

function packBag(values: readonly unknown[]): Record<string, unknown> {
  const bag: Record<string, unknown> = {};
  for (let i = 0; i + 1 < values.length; i += 2) bag[String(values[i])] = values[i + 1] ?? null;
  return bag;
}

export const dynamicFunctions: ScalarFunctions = {
  array_length: arrayLength,
  // The deprecated arraylength is array_length under its old name (arraylength docs).
  arraylength: arrayLength,
  pack_array: (a) => mapScalars(a, 'dynamic', (v) => v.slice()),
  // bag_pack(key1, value1, …): a property bag; `pack` is its deprecated alias (bag_pack docs). A later key wins.
  bag_pack: (a) => mapScalars(a, 'dynamic', packBag),
  pack: (a) => mapScalars(a, 'dynamic', packBag),
  set_has_element: (a) =>
    mapScalars(a, 'bool', ([arr, x]) => (Array.isArray(arr) ? arr.some((e) => JSON.stringify(e) === JSON.stringify(x)) : null)),
  array_slice: (a) => mapScalars(a, 'dynamic', ([arr, start, end]) => arraySlice(arr, start, end)),
  // strcat_array (https://learn.microsoft.com/kusto/query/strcat-array-function): the elements as text, joined; "" for a non-array.
  strcat_array: (a) =>
    mapScalars(a, 'string', ([arr, delimiter]) =>
      Array.isArray(arr) ? arr.map((e) => toKqlString(e, 'dynamic')).join(toKqlString(delimiter, a[1]!.type)) : '',
    ),
};
