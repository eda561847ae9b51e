/**
 * Null tests, negation and the conditional functions (`iff`, `case`, `coalesce`), per the Kusto scalar function docs.
 */
import { mapScalars, type CompiledScalar } from '../compiledScalar.js';
import type { KqlType } from '../kqlTypes.js';
import type { ScalarFunctions } from './functionSupport.js';

function conditional(a: CompiledScalar[], type: KqlType): CompiledScalar {
  const [c, x, y] = a as [CompiledScalar, CompiledScalar, CompiledScalar];
  if (c.constant) return c.constant.value === true ? x : y;
  return {
    type,
    plan: (input) => {
      const fc = c.plan(input);
      const fx = x.plan(input);
      const fy = y.plan(input);
      // Only the chosen branch runs; a null condition picks the else branch.
      return (row) => (fc(row) === true ? fx(row) : fy(row));
    },
  };
}

function compileCase(a: CompiledScalar[]): CompiledScalar {
  const type = a[a.length - 1]!.type;
  return {
    type,
    plan: (input) => {
      const fns = a.map((x) => x.plan(input));
      const last = fns.length - 1;
      return (row) => {
        for (let i = 0; i < last; i += 2) if (fns[i]!(row) === true) return fns[i + 1]!(row);
        return fns[last]!(row);
      };
    },
  };
}

export const conditionalFunctions: ScalarFunctions = {
  not: (a) => mapScalars(a, 'bool', ([v]) => (v === null ? null : !v)),
  isnull: (a) => mapScalars(a, 'bool', ([v]) => v === null || v === undefined),
  isnotnull: (a) => mapScalars(a, 'bool', ([v]) => !(v === null || v === undefined)),
  isempty: (a) => mapScalars(a, 'bool', ([v]) => v === null || v === ''),
  isnotempty: (a) => mapScalars(a, 'bool', ([v]) => !(v === null || v === '')),
  notempty: (a) => mapScalars(a, 'bool', ([v]) => !(v === null || v === '')),
  coalesce: (a) =>
    mapScalars(a, a[0]!.type, (v) => {
      for (const x of v) if (x !== null && x !== undefined && x !== '') return x;
      return a[0]!.type === 'string' ? '' : null;
    }),
  iff: (a, _node, _ctx, type) => conditional(a, type),
  iif: (a, _node, _ctx, type) => conditional(a, type),
  case: (a) => compileCase(a),
};
