/**
 * `mv-expand` (`kind=bag|array`, `with_itemindex=`, `to typeof()`, `limit`), per the mv-expand operator docs: one
 * output row per array element (or bag property), the other columns repeated.
 */
import { compileScalar } from '../compileScalar.js';
import { typeOfSymbol, type CompileContext } from '../compileContext.js';
import { separated, type BridgeNode } from '../kustoFrontend.js';
import { coerceTo, defaultValue } from '../kqlValues.js';
import { Relation } from '../Relation.js';
import { binderColumns, constantNumber, namedParameters, nameOf, valueExpression, withColumns, type OperatorPlan } from './operatorSupport.js';
import type { KqlType } from '../kqlTypes.js';

/** Compiles `mv-expand column[, …]`. */
export function compileMvExpand(node: BridgeNode, ctx: CompileContext): OperatorPlan {
  const params = namedParameters(node.Parameters);
  const bagKind = (params.get('kind') ?? params.get('bagexpansion') ?? 'bag').toLowerCase();
  const itemIndex = params.get('with_itemindex');
  const limit = node.RowLimitClause ? constantNumber(ctx, node.RowLimitClause.RowLimit, 'mv-expand limit') : Number.MAX_SAFE_INTEGER;
  const output = binderColumns(ctx, node);
  const items = separated(node.Expressions).map((m) => {
    const e = m.Expression;
    const target: KqlType = m.ToTypeOf ? typeOfSymbol(ctx, m.ToTypeOf.TypeOf.ReferencedSymbol, m) : 'dynamic';
    return { expression: e, compiled: compileScalar(valueExpression(e), ctx), target };
  });
  return (input) => {
    const generated = output.filter((c) => input.indexOf(c.name) < 0 && c.name !== itemIndex && !items.some((i) => nameOf(i.expression, '') === c.name));
    let next = 0;
    const named = items.map((i) => {
      const name = nameOf(i.expression, '');
      return name || generated[next++]?.name || 'Column1';
    });
    const fns = items.map((i) => i.compiled.plan(input));
    const sourceRows: number[] = [];
    const expanded: unknown[][] = items.map(() => []);
    const indexes: number[] = [];
    for (let row = 0; row < input.length; row++) {
      const lists = fns.map((fn) => {
        const v = fn(row);
        if (Array.isArray(v)) return v;
        if (v !== null && typeof v === 'object') {
          return Object.entries(v).map(([k, x]) => (bagKind === 'array' ? [k, x] : { [k]: x }));
        }
        return [v];
      });
      const length = Math.min(limit, Math.max(...lists.map((l) => l.length)));
      for (let i = 0; i < length; i++) {
        sourceRows.push(row);
        indexes.push(i);
        lists.forEach((l, k) => expanded[k]!.push(i < l.length ? coerceTo(l[i] ?? null, items[k]!.target) : defaultValue(items[k]!.target)));
      }
    }
    const expandedRows = withColumns(
      input.gather(sourceRows),
      named.map((name, k) => ({ column: { name, type: items[k]!.target }, values: expanded[k]! })),
    );
    if (!itemIndex) return expandedRows;
    const width = expandedRows.columns.length;
    return new Relation([...expandedRows.columns, { name: itemIndex, type: 'long' }], expandedRows.length, (i) =>
      i < width ? expandedRows.column(i) : indexes,
    );
  };
}
