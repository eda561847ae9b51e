/**
 * `datatable (schema) [values]`: a constant table, per the datatable operator docs.
 */
import { compileScalar } from '../compileScalar.js';
import { typeOfSymbol, unsupported, type CompileContext, type TabularPlan } from '../compileContext.js';
import { separated, type BridgeNode } from '../kustoFrontend.js';
import { defaultValue } from '../kqlValues.js';
import { Relation } from '../Relation.js';
import type { KqlColumn } from '../kqlTypes.js';

/** Compiles a `datatable` expression; every value must be a constant. */
export function compileDataTable(node: BridgeNode, ctx: CompileContext): TabularPlan {
  const columns: KqlColumn[] = separated(node.Schema.Columns).map((c) => ({
    name: String(c.Name.SimpleName),
    type: typeOfSymbol(ctx, c.Name.ResultType, c),
  }));
  const values = separated(node.Values).map((v) => {
    const c = compileScalar(v, ctx);
    if (!c.constant) unsupported(ctx, 'non-constant datatable value', v);
    return c.constant.value;
  });
  const width = columns.length;
  const rows = Math.floor(values.length / width);
  const arrays = columns.map((col, c) => {
    const out = new Array(rows);
    for (let r = 0; r < rows; r++) {
      const v = values[r * width + c];
      out[r] = v === null ? defaultValue(col.type) : col.type === 'real' && typeof v === 'number' ? v : v;
    }
    return out;
  });
  return () => Relation.fromArrays(columns, arrays, rows);
}
