/**
 * `extend`: appends computed columns; a replaced column is removed and re-appended at the end, as the extend docs say.
 */
import { compileScalar } from '../compileScalar.js';
import { unsupported, type CompileContext } from '../compileContext.js';
import { className, separated, type BridgeNode } from '../kustoFrontend.js';
import { Relation } from '../Relation.js';
import { binderColumns, materialize, nameOf, valueExpression, type OperatorPlan } from './operatorSupport.js';

/** Compiles `extend name = expression, …`. */
export function compileExtend(node: BridgeNode, ctx: CompileContext): OperatorPlan {
  const expressions = separated(node.Expressions);
  if (expressions.some((e) => className(e) === 'CompoundNamedExpression')) {
    return unsupported(ctx, 'tuple assignment in extend', node);
  }
  const output = binderColumns(ctx, node);
  const outputNames = new Set(output.map((c) => c.name));
  const compiledExpressions = expressions.map((e) => compileScalar(valueExpression(e), ctx));
  return (input) => {
    // Unnamed expressions get binder-generated names: the output names neither the input nor the named ones use.
    const explicit = new Set(expressions.map((e) => nameOf(e, '')).filter((n) => n));
    const generated = output.filter((c) => input.indexOf(c.name) < 0 && !explicit.has(c.name)).map((c) => c.name);
    let columns = input.columns.slice();
    let arrays: (() => unknown[])[] = input.columns.map((_, i) => () => input.column(i));
    expressions.forEach((e, k) => {
      const name = nameOf(e, '') || generated.shift() || '';
      if (!outputNames.has(name)) unsupported(ctx, `extend column naming for '${String(e.ToString()).trim()}'`, e);
      const compiled = compiledExpressions[k]!;
      // Later expressions see the columns earlier ones added.
      const snapshot = arrays.slice();
      const values = materialize(compiled, new Relation(columns, input.length, (i) => snapshot[i]!()));
      const existing = columns.findIndex((c) => c.name === name);
      if (existing >= 0) {
        // The service removes a replaced column and re-appends it at the end.
        columns.splice(existing, 1);
        arrays.splice(existing, 1);
      }
      columns = [...columns, { name, type: compiled.type }];
      arrays = [...arrays, () => values];
    });
    const finalArrays = arrays;
    return new Relation(columns, input.length, (i) => finalArrays[i]!());
  };
}
