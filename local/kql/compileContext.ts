/**
 * What compilation of one query run needs: the query text (for error positions), the fixed now(), `let` bindings,
 * the stored tables, the request's timespan, and the tabular compiler for sub-queries.
 */
import { QueryError } from '../../src/errors.js';
import { describePosition, kusto, type BridgeNode } from './kustoFrontend.js';
import type { Relation } from './Relation.js';
import type { KqlType, TableData } from './kqlTypes.js';

export type LetBinding =
  | { readonly kind: 'scalar'; readonly value: unknown; readonly type: KqlType }
  | { readonly kind: 'tabular'; readonly evaluate: () => Relation };

/** A compiled tabular expression: calling it evaluates the expression. */
export type TabularPlan = () => Relation;

export interface CompileContext {
  readonly text: string;
  readonly nowMs: number;
  readonly lets: Map<string, LetBinding>;
  readonly tables: Readonly<Record<string, TableData>>;
  readonly timespan: { readonly startMs: number; readonly endMs: number } | undefined;
  /**
   * Compiles a tabular sub-expression (a join's right side, a union's arguments, `x in (T | project y)`). The engine
   * passes compileTabular in here so that the scalar compiler and the operators, which compileTabular imports, need not
   * import it back.
   */
  readonly compileTabular: (node: BridgeNode) => TabularPlan;
  /** Non-fatal problems found while compiling (e.g. a fuzzy union leg that does not resolve), reported with the result. */
  readonly warnings: string[];
}

/** Throws the "unsupported construct" error every unimplemented path ends in, naming it and its position. */
export function unsupported(ctx: CompileContext, what: string, node: BridgeNode): never {
  const position: number = node?.TextStart ?? 0;
  throw new QueryError(`Unsupported ${what} at position ${position} (${describePosition(ctx.text, position)})`, {
    code: 'UnsupportedConstruct',
    position,
  });
}

/** A query error found while evaluating (e.g. an invalid regex), located at `node`. */
export function evaluationError(ctx: CompileContext, message: string, node: BridgeNode, cause?: unknown): QueryError {
  const position: number = node?.TextStart ?? 0;
  return new QueryError(`${message} at ${describePosition(ctx.text, position)}`, {
    code: cause instanceof QueryError ? cause.code : 'EvaluationError',
    position,
    cause,
  });
}

const TYPE_NAMES: Record<string, KqlType> = {
  string: 'string',
  int: 'int',
  long: 'long',
  real: 'real',
  decimal: 'decimal',
  bool: 'bool',
  datetime: 'datetime',
  timespan: 'timespan',
  guid: 'guid',
  dynamic: 'dynamic',
};

/** The KQL type of a bound expression or a type symbol. */
export function typeOfSymbol(ctx: CompileContext, symbol: BridgeNode, node: BridgeNode): KqlType {
  const name = String(symbol?.Name ?? '');
  const type = TYPE_NAMES[name] ?? (name.startsWith('dynamic') ? 'dynamic' : undefined);
  if (!type) unsupported(ctx, `value type '${name}'`, node);
  return type;
}

export function typeOfNode(ctx: CompileContext, node: BridgeNode): KqlType {
  return typeOfSymbol(ctx, node.ResultType, node);
}

/** True when a bound expression is tabular (its result type is a table). */
export function isTabular(node: BridgeNode): boolean {
  const K = kusto().Kusto.Language;
  return kusto().Bridge.is(node.ResultType, K.Symbols.TableSymbol);
}
