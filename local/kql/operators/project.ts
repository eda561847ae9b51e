/**
 * The project family: `project`, `project-away`, `project-keep`, `project-rename`, `project-reorder` (and `print`).
 * Output names and types come from the binder.
 */
import { compileScalar } from '../compileScalar.js';
import { unsupported, type CompileContext } from '../compileContext.js';
import { className, kindName, separated, type BridgeNode } from '../kustoFrontend.js';
import { Relation } from '../Relation.js';
import { binderColumns, materialize, valueExpression, type OperatorPlan } from './operatorSupport.js';

/** Compiles `project` (and `print`, which projects over one row without columns). */
export function compileProject(node: BridgeNode, ctx: CompileContext): OperatorPlan {
  const expressions = separated(node.Expressions);
  const output = binderColumns(ctx, node);
  const compiled = expressions.map((e) => {
    if (className(e) === 'CompoundNamedExpression') unsupported(ctx, 'tuple assignment in project', e);
    return compileScalar(valueExpression(e), ctx);
  });
  if (compiled.length !== output.length) return unsupported(ctx, 'wildcard in project', node);
  return (input) => {
    const arrays = compiled.map((c, i) => {
      const e = valueExpression(expressions[i]);
      // A bare column passes through; one the input lacks (a column bag_unpack did not make) fails in the compiled reference.
      const index = kindName(e) === 'NameReference' && className(e.ReferencedSymbol) === 'ColumnSymbol' ? input.indexOf(String(e.SimpleName)) : -1;
      if (index >= 0) return () => input.column(index);
      let cache: unknown[] | undefined;
      return () => (cache ??= materialize(c, input));
    });
    return new Relation(output, input.length, (i) => arrays[i]!());
  };
}

/** Compiles `project-away` and `project-keep`: the binder's output names which input columns stay. */
export function compileProjectKeep(node: BridgeNode, ctx: CompileContext): OperatorPlan {
  // After a plugin whose columns depend on the data (evaluate bag_unpack) the binder lists only the columns it knows.
  if (node.ResultType?.IsOpen) return unsupported(ctx, `'${String(node.GetFirstToken()?.Text)}' over columns that depend on the data`, node);
  const keepNames = new Set(binderColumns(ctx, node).map((c) => c.name));
  return (input) => {
    const mapping = input.columns.map((c, i) => (keepNames.has(c.name) ? i : -1)).filter((i) => i >= 0);
    return input.remap(mapping.map((i) => input.columns[i]!), mapping);
  };
}

/** Compiles `project-rename new = old, …`. */
export function compileProjectRename(node: BridgeNode): OperatorPlan {
  const renames = new Map<string, string>();
  for (const e of separated(node.Expressions)) renames.set(String(e.Expression.SimpleName), String(e.Name.SimpleName));
  return (input) =>
    input.remap(
      input.columns.map((c) => ({ name: renames.get(c.name) ?? c.name, type: c.type })),
      input.columns.map((_, i) => i),
    );
}

/** Compiles `project-reorder` (names and `*` wildcards, optional asc/desc per pattern). */
export function compileProjectReorder(node: BridgeNode, ctx: CompileContext): OperatorPlan {
  const patterns = separated(node.Expressions).map((e) => {
    const text = String(e.ToString()).trim();
    const [pattern, order] = text.split(/\s+/);
    if (order && order !== 'asc' && order !== 'desc') unsupported(ctx, `project-reorder ordering '${order}'`, e);
    const regex = new RegExp(`^${pattern!.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    return { regex, order };
  });
  return (input) => {
    const placed = new Set<number>();
    const mapping: number[] = [];
    for (const p of patterns) {
      const matched = input.columns.map((c, i) => ({ c, i })).filter(({ c, i }) => p.regex.test(c.name) && !placed.has(i));
      if (p.order) matched.sort((a, b) => (a.c.name < b.c.name ? -1 : 1) * (p.order === 'desc' ? -1 : 1));
      for (const { i } of matched) {
        placed.add(i);
        mapping.push(i);
      }
    }
    input.columns.forEach((_, i) => {
      if (!placed.has(i)) mapping.push(i);
    });
    return input.remap(mapping.map((i) => input.columns[i]!), mapping);
  };
}
