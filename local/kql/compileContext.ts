/**
 * What compilation of one query run needs: the query text (for error positions), the fixed now(), `let` bindings,
 * the stored tables, the request's timespan, and the tabular compiler for sub-queries.
 */
import { QueryError } from '../../src/errors.js';
import { describePosition, kusto, type BridgeNode } from './kustoFrontend.js';
import type { Relation } from './Relation.js';
import type { CompiledScalar } from './compiledScalar.js';
import type { KqlType, TableData } from './kqlTypes.js';

/** A user-defined function (`let f = (a:long) { … };`): its declaration and the `let`s visible where it was declared. */
export interface FunctionBinding {
  readonly kind: 'function';
  readonly name: string;
  readonly declaration: BridgeNode;
  readonly scope: ReadonlyMap<string, LetBinding>;
}

export type LetBinding =
  | { readonly kind: 'scalar'; readonly value: unknown; readonly type: KqlType }
  | { readonly kind: 'tabular'; readonly evaluate: () => Relation }
  | FunctionBinding;

/** A compiled tabular expression: calling it evaluates the expression. */
export type TabularPlan = () => Relation;

/** What a call of a user-defined function compiles to: its body's tabular or scalar result. */
export type FunctionExpansion = { readonly kind: 'tabular'; readonly plan: TabularPlan } | { readonly kind: 'scalar'; readonly compiled: CompiledScalar };

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
  /**
   * Compiles a call of a user-defined function with its compiled arguments (passed in like compileTabular, for the same
   * reason: the body is compiled by the tabular and scalar compilers that call this).
   */
  readonly expandFunction: (binding: FunctionBinding, args: readonly CompiledScalar[], call: BridgeNode) => FunctionExpansion;
  /** Non-fatal problems found while compiling (e.g. a fuzzy union leg that does not resolve), reported with the result. */
  readonly warnings: string[];
  /** Unsupported constructs met so far; compilation goes on past each so that the query's error names them all. */
  readonly blockers: Blocker[];
  /** Set once compilation is over: a blocker met while evaluating must stop the query, never stand in as a placeholder. */
  readonly compilation: { done: boolean };
}

/** One construct the engine does not support, where it occurs. */
export interface Blocker {
  readonly what: string;
  readonly position: number;
  readonly error: QueryError;
}

function describeBlocker(ctx: CompileContext, what: string, position: number): string {
  return `${what} at position ${position} (${describePosition(ctx.text, position)})`;
}

/**
 * Throws the "unsupported construct" error every unimplemented path ends in, naming it and its position, and records it
 * in `ctx.blockers` so that compilation can go on (see `recoverBlocker`) and report every blocker of the query at once.
 */
export function unsupported(ctx: CompileContext, what: string, node: BridgeNode): never {
  const position: number = node?.TextStart ?? 0;
  const error = new QueryError(`Unsupported ${describeBlocker(ctx, what, position)}`, { code: 'UnsupportedConstruct', position });
  ctx.blockers.push({ what, position, error });
  throw error;
}

/**
 * Compiles with `compile`; when it stops at a blocker already recorded by `unsupported`, returns `placeholder()` instead so
 * that the caller compiles the rest of the query. The placeholder never runs: `throwBlockers` rejects the query first.
 */
export function recoverBlocker<T>(ctx: CompileContext, compile: () => T, placeholder: () => T): T {
  try {
    return compile();
  } catch (error) {
    if (!ctx.compilation.done && ctx.blockers.some((b) => b.error === error)) return placeholder();
    throw error;
  }
}

/** Rejects the query when compilation met blockers: one QueryError naming each, in source order, at the first one's position. */
export function throwBlockers(ctx: CompileContext): void {
  ctx.compilation.done = true;
  if (ctx.blockers.length === 0) return;
  const seen = new Set<string>();
  const blockers = [...ctx.blockers]
    .sort((a, b) => a.position - b.position)
    .filter((b) => {
      const key = `${b.position}:${b.what}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
  if (blockers.length === 1) throw blockers[0]!.error;
  const first = blockers[0]!;
  throw new QueryError(`Unsupported ${blockers.map((b) => describeBlocker(ctx, b.what, b.position)).join('; ')}`, {
    code: 'UnsupportedConstruct',
    position: first.position,
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
  // The binder types a column of an open schema (after `evaluate bag_unpack`, whose columns depend on the data) as
  // unknown: the engine reads such a column as dynamic (compileScalar converts the cells it reads).
  if (name === 'unknown') return 'dynamic';
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
