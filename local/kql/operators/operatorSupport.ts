/**
 * What the tabular operators share: the operator plan type, the binder's output schema, column naming, named
 * parameters and composite keys.
 */
import { typeOfSymbol, unsupported, type CompileContext } from '../compileContext.js';
import { compileScalar } from '../compileScalar.js';
import { className, kindName, listItems, toArray, type BridgeNode } from '../kustoFrontend.js';
import { Relation } from '../Relation.js';
import type { CompiledScalar } from '../compiledScalar.js';
import type { KqlColumn } from '../kqlTypes.js';

/** A compiled piped operator: the rows it produces from its input. */
export type OperatorPlan = (input: Relation) => Relation;

/** Compiles one bound operator node (the `Operator` of a pipe). */
export type OperatorCompiler = (node: BridgeNode, ctx: CompileContext) => OperatorPlan;

/** The binder's output columns of an operator or tabular expression. */
export function binderColumns(ctx: CompileContext, node: BridgeNode): KqlColumn[] {
  return toArray(node.ResultType.Columns).map((c) => ({ name: String(c.Name), type: typeOfSymbol(ctx, c.Type, node) }));
}

/** A number known at compile time (`take 10`, `top 5 by …`); anything else is unsupported. */
export function constantNumber(ctx: CompileContext, node: BridgeNode, what: string): number {
  const c = compileScalar(node, ctx);
  if (!c.constant || typeof c.constant.value !== 'number') return unsupported(ctx, `non-constant ${what}`, node);
  return c.constant.value;
}

/** Evaluates a compiled scalar over every row of `input`. */
export function materialize(compiled: CompiledScalar, input: Relation): unknown[] {
  const fn = compiled.plan(input);
  const out = new Array(input.length);
  for (let i = 0; i < input.length; i++) out[i] = fn(i);
  return out;
}

/** The column name an expression sets explicitly (`x = …` or a bare column), or `fallback`. */
export function nameOf(expression: BridgeNode, fallback: string): string {
  if (className(expression) === 'SimpleNamedExpression') return String(expression.Name.SimpleName);
  if (kindName(expression) === 'NameReference') return String(expression.SimpleName);
  return fallback;
}

/** The value part of `name = value` (or the expression itself when unnamed). */
export function valueExpression(expression: BridgeNode): BridgeNode {
  return className(expression) === 'SimpleNamedExpression' ? expression.Expression : expression;
}

/** `kind=inner`, `withsource=T`, … as lowercase name → raw text. */
export function namedParameters(list: BridgeNode): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of listItems(list)) {
    if (className(p) !== 'NamedParameter') continue;
    out.set(String(p.Name.SimpleName).toLowerCase(), String(p.Expression.ToString()).trim());
  }
  return out;
}

/** A hashable key for a combination of values (objects compare by JSON text). */
export function compositeKey(values: readonly unknown[]): unknown {
  if (values.length === 1) {
    const v = values[0];
    return v !== null && typeof v === 'object' ? `o${JSON.stringify(v)}` : v;
  }
  let key = '';
  for (const v of values) {
    key += v === null || v === undefined ? '\u0000n' : typeof v === 'object' ? `\u0000o${JSON.stringify(v)}` : `\u0000${typeof v}${String(v)}`;
  }
  return key;
}

/**
 * `base` with computed columns set: one whose name `base` already has takes that column's place (mv-expand and parse
 * keep the position, unlike extend), the others are appended in order.
 */
export function withColumns(base: Relation, added: readonly { readonly column: KqlColumn; readonly values: unknown[] }[]): Relation {
  const columns = base.columns.slice();
  const sources: (() => unknown[])[] = base.columns.map((_, i) => () => base.column(i));
  for (const { column, values } of added) {
    const existing = columns.findIndex((c) => c.name === column.name);
    if (existing >= 0) {
      columns[existing] = column;
      sources[existing] = () => values;
    } else {
      columns.push(column);
      sources.push(() => values);
    }
  }
  return new Relation(columns, base.length, (i) => sources[i]!());
}

/** A relation of `length` rows built from a column-producing function. */
export function relationOf(columns: readonly KqlColumn[], length: number, column: (index: number) => unknown[]): Relation {
  return new Relation(columns, length, column);
}
