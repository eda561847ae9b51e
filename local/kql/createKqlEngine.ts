/**
 * The local KQL engine: Kusto.Language parses and binds, our compiler turns the bound tree into closures over
 * columnar tables, and `run` executes them synchronously.
 */
import { QueryError } from '../../src/errors.js';
import { compileScalar } from './compileScalar.js';
import { compileTabular } from './compileTabular.js';
import { isTabular, recoverBlocker, throwBlockers, unsupported, type CompileContext, type LetBinding } from './compileContext.js';
import { className, createKustoBinder, kindName, separated, type BridgeNode, type KustoBinder } from './kustoFrontend.js';
import { toResultValue } from './kqlValues.js';
import { Relation } from './Relation.js';
import type { KqlEngine, KqlResult, KqlResultTable, KqlRunOptions, TableData } from './kqlTypes.js';

export interface KqlEngineOptions {
  /** The workspace's tables by name (e.g. `{ SecurityEvent: … }`). */
  readonly tables: Readonly<Record<string, TableData>>;
  /** The clock now() reads once per query (default: the system clock). */
  readonly now?: () => Date;
}

function toResultTable(name: string, relation: Relation): KqlResultTable {
  const columns = relation.columns.map((c) => ({ name: c.name, type: c.type }));
  const arrays = columns.map((_, i) => relation.column(i));
  const rows: unknown[][] = new Array(relation.length);
  for (let r = 0; r < relation.length; r++) {
    const row = new Array(columns.length);
    for (let c = 0; c < columns.length; c++) row[c] = toResultValue(arrays[c]![r], columns[c]!.type);
    rows[r] = row;
  }
  return { name, columns, rows };
}

function bindLet(statement: BridgeNode, ctx: CompileContext): void {
  const name = String(statement.Name.SimpleName);
  const expression = statement.Expression;
  const tabular = className(expression) !== 'FunctionDeclaration' && isTabular(expression);
  // A let that stops at a blocker still binds its name (to a placeholder), so its uses do not add blockers of their own.
  const binding = recoverBlocker<LetBinding>(
    ctx,
    () => compileLet(name, statement, ctx),
    () => (tabular ? { kind: 'tabular', evaluate: () => Relation.fromArrays([], [], 0) } : { kind: 'scalar', value: null, type: 'dynamic' }),
  );
  ctx.lets.set(name, binding);
}

function compileLet(name: string, statement: BridgeNode, ctx: CompileContext): LetBinding {
  const expression = statement.Expression;
  if (className(expression) === 'FunctionDeclaration') unsupported(ctx, `user-defined function '${name}'`, statement);
  if (isTabular(expression)) {
    const plan = compileTabular(expression, ctx);
    let cached: Relation | undefined;
    return { kind: 'tabular', evaluate: () => (cached ??= plan()) };
  }
  const compiled = compileScalar(expression, ctx);
  if (!compiled.constant) unsupported(ctx, `non-constant scalar let '${name}'`, statement);
  return { kind: 'scalar', value: compiled.constant.value, type: compiled.type };
}

/** Creates an engine over in-memory tables. `run` is synchronous; rejected queries throw QueryError. */
export function createKqlEngine(options: KqlEngineOptions): KqlEngine {
  let binder: KustoBinder | undefined;
  const clock = options.now ?? (() => new Date());
  return {
    run(query: string, runOptions: KqlRunOptions = {}): KqlResult {
      binder ??= createKustoBinder(Object.fromEntries(Object.entries(options.tables).map(([n, t]) => [n, t.columns])));
      const code = binder.analyze(query);
      const ctx: CompileContext = {
        text: query,
        nowMs: (runOptions.now ?? clock()).getTime(),
        lets: new Map(),
        tables: options.tables,
        timespan: runOptions.timespan
          ? { startMs: runOptions.timespan.start.getTime(), endMs: runOptions.timespan.end.getTime() }
          : undefined,
        compileTabular: (node) => compileTabular(node, ctx),
        warnings: [],
        blockers: [],
        compilation: { done: false },
      };
      const plans: (() => Relation)[] = [];
      for (const statement of separated(code.Syntax.Statements)) {
        const kind = kindName(statement);
        recoverBlocker(
          ctx,
          () => {
            if (kind === 'LetStatement') bindLet(statement, ctx);
            else if (kind === 'ExpressionStatement') {
              if (!isTabular(statement.Expression)) unsupported(ctx, 'scalar expression statement', statement);
              plans.push(compileTabular(statement.Expression, ctx));
            } else unsupported(ctx, `statement (${kind})`, statement);
          },
          () => undefined,
        );
      }
      throwBlockers(ctx);
      if (plans.length === 0) throw new QueryError('Query rejected: the query has no tabular expression', { code: 'NoResult' });
      const tables = plans.map((plan, i) => toResultTable(i === 0 ? 'PrimaryResult' : `Table_${i}`, plan()));
      return ctx.warnings.length > 0 ? { tables, warnings: [...ctx.warnings] } : { tables };
    },
  };
}
