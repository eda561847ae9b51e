/**
 * The local KQL engine: Kusto.Language parses and binds, our compiler turns the bound tree into closures over
 * columnar tables, and `run` executes them synchronously.
 */
import { QueryError } from '../../src/errors.js';
import { bindLet } from './compileLet.js';
import { compileTabular } from './compileTabular.js';
import { isTabular, recoverBlocker, throwBlockers, unsupported } from './compileContext.js';
import { createKustoBinder, kindName, separated, type KustoBinder } from './kustoFrontend.js';
import { toResultValue } from './kqlValues.js';
import { pruneFuzzyUnionLegs } from './pruneFuzzyUnionLegs.js';
import { scopedContext } from './userFunctions.js';
import type { Relation } from './Relation.js';
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

/** Creates an engine over in-memory tables. `run` is synchronous; rejected queries throw QueryError. */
export function createKqlEngine(options: KqlEngineOptions): KqlEngine {
  let binder: KustoBinder | undefined;
  const clock = options.now ?? (() => new Date());
  return {
    run(query: string, runOptions: KqlRunOptions = {}): KqlResult {
      binder ??= createKustoBinder(Object.fromEntries(Object.entries(options.tables).map(([n, t]) => [n, t.columns])));
      const first = binder.analyze(query);
      const pruned = pruneFuzzyUnionLegs(query, first.Syntax);
      const text = pruned.text;
      const code = text === query ? first : binder.analyze(text);
      const ctx = scopedContext(
        {
          text,
          nowMs: (runOptions.now ?? clock()).getTime(),
          lets: new Map(),
          tables: options.tables,
          timespan: runOptions.timespan
            ? { startMs: runOptions.timespan.start.getTime(), endMs: runOptions.timespan.end.getTime() }
            : undefined,
          warnings: [...pruned.warnings],
          blockers: [],
          compilation: { done: false },
        },
        new Map(),
      );
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
