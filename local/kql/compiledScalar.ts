/**
 * What compiling a scalar expression produces, and the combinators every scalar compiler (operators and functions)
 * builds on. It imports no compiler, so the expression compiler and the function registry both depend on it, not on
 * each other.
 */
import type { Relation } from './Relation.js';
import type { KqlType } from './kqlTypes.js';

export type RowFn = (row: number) => unknown;
export type ScalarPlan = (input: Relation) => RowFn;

export interface CompiledScalar {
  /** Fetches the referenced columns of `input` once and returns the per-row function. */
  readonly plan: ScalarPlan;
  readonly type: KqlType;
  /** Set when the value is known at compile time. */
  readonly constant?: { readonly value: unknown };
}

/** A compile-time constant (folded by the operators that combine it). */
export function constantScalar(value: unknown, type: KqlType): CompiledScalar {
  const fn: RowFn = () => value;
  return { plan: () => fn, type, constant: { value } };
}

/** Applies `f` to the argument values row by row (folded to a constant when every argument is constant). */
export function mapScalars(args: readonly CompiledScalar[], type: KqlType, f: (values: unknown[]) => unknown): CompiledScalar {
  if (args.every((a) => a.constant)) return constantScalar(f(args.map((a) => a.constant!.value)), type);
  return {
    type,
    plan: (input) => {
      const fns = args.map((a) => a.plan(input));
      const n = fns.length;
      if (n === 1) {
        const f0 = fns[0]!;
        return (row) => f([f0(row)]);
      }
      return (row) => {
        const values = new Array(n);
        for (let i = 0; i < n; i++) values[i] = fns[i]!(row);
        return f(values);
      };
    },
  };
}
