/**
 * Math functions (`log2`), per the Kusto scalar function docs (https://learn.microsoft.com/kusto/query/log2-function):
 * null in, null out; the logarithm of a negative number is NaN, of zero -inf.
 */
import { mapScalars } from '../compiledScalar.js';
import type { ScalarFunctions } from './functionSupport.js';

export const mathFunctions: ScalarFunctions = {
  log2: (a) => mapScalars(a, 'real', ([v]) => (typeof v === 'number' ? Math.log2(v) : null)),
};
