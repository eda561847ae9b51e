/**
 * Functions over dynamic arrays (`array_length`, `pack_array`, `set_has_element`), per the Kusto scalar function docs.
 */
import { mapScalars } from '../compiledScalar.js';
import type { ScalarFunctions } from './functionSupport.js';

export const dynamicFunctions: ScalarFunctions = {
  array_length: (a) => mapScalars(a, 'long', ([v]) => (Array.isArray(v) ? v.length : null)),
  pack_array: (a) => mapScalars(a, 'dynamic', (v) => v.slice()),
  set_has_element: (a) =>
    mapScalars(a, 'bool', ([arr, x]) => (Array.isArray(arr) ? arr.some((e) => JSON.stringify(e) === JSON.stringify(x)) : null)),
};
