/**
 * Ordering and limiting: `sort`/`order by` (default desc; nulls last for desc, first for asc), `top`, `take`/`limit`,
 * per the sort and top operator docs.
 */
import { compileScalar } from '../compileScalar.js';
import type { CompileContext } from '../compileContext.js';
import { className, separated, type BridgeNode } from '../kustoFrontend.js';
import { compareNonNull, isNullish } from '../kqlValues.js';
import { constantNumber, materialize, type OperatorPlan } from './operatorSupport.js';

interface SortKey {
  readonly values: readonly unknown[];
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

/** Row indices in sorted order; stable, so ties keep input order (the service leaves tie order unspecified). */
function sortedIndices(length: number, keys: readonly SortKey[]): number[] {
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

/** Rows ordered by `expressions`, the first `limit` of them when given. */
function sortBy(expressions: BridgeNode[], ctx: CompileContext, limit: number | undefined): OperatorPlan {
  const keys = expressions.map((e) => {
    const inner = className(e) === 'OrderedExpression' ? e.Expression : e;
    const ordering = className(e) === 'OrderedExpression' ? e.Ordering : null;
    const direction = String(ordering?.AscOrDescKeyword?.Text ?? 'desc').toLowerCase();
    const descending = direction !== 'asc';
    const nullsText = ordering?.NullsClause?.FirstOrLastKeyword?.Text;
    // Defaults: asc puts nulls first, desc puts them last.
    const nullsFirst = nullsText ? String(nullsText).toLowerCase() === 'first' : !descending;
    return { compiled: compileScalar(inner, ctx), descending, nullsFirst };
  });
  return (input) => {
    const sortKeys: SortKey[] = keys.map((k) => ({
      values: materialize(k.compiled, input),
      descending: k.descending,
      nullsFirst: k.nullsFirst,
    }));
    const order = sortedIndices(input.length, sortKeys);
    return input.gather(limit === undefined ? order : order.slice(0, Math.max(0, limit)));
  };
}

/** Compiles `sort by …` / `order by …`. */
export function compileSort(node: BridgeNode, ctx: CompileContext): OperatorPlan {
  return sortBy(separated(node.Expressions), ctx, undefined);
}

/** Compiles `top n by …`. */
export function compileTop(node: BridgeNode, ctx: CompileContext): OperatorPlan {
  const count = constantNumber(ctx, node.Expression, 'top count');
  return sortBy([node.ByExpression], ctx, count);
}

/** Compiles `take n` / `limit n`. */
export function compileTake(node: BridgeNode, ctx: CompileContext): OperatorPlan {
  const count = constantNumber(ctx, node.Expression, 'take count');
  return (input) => (input.length <= count ? input : input.gather(Array.from({ length: Math.max(0, count) }, (_, i) => i)));
}
