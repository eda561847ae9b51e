/**
 * Aggregation functions for summarize. Each compiles to a factory of per-group accumulators whose state lives in
 * arrays indexed by group number, so a million-row summarize allocates per group, not per row.
 */
import { typeOfNode, unsupported, type CompileContext } from './compileContext.js';
import { compileScalar } from './compileScalar.js';
import { className, positionalArguments, type BridgeNode } from './kustoFrontend.js';
import { compareNonNull, isNullish } from './kqlValues.js';
import type { CompiledScalar } from './compiledScalar.js';
import type { Relation } from './Relation.js';
import type { KqlType } from './kqlTypes.js';

/** One aggregate bound to an input relation: feed rows per group, then read one output cell per output column. */
export interface Accumulator {
  add(group: number, row: number): void;
  /** Values of output column `k` (0-based within this aggregate) for group `group`. */
  result(group: number, k: number): unknown;
}

export interface CompiledAggregate {
  /** How many output columns it produces (arg_max(x, *) produces several). */
  readonly width: number;
  bind(input: Relation): Accumulator;
}

/** Deprecated makeset/makelist cap at 128 by default; make_set/make_list at 1048576 (make-set docs). */
const LEGACY_MAX = 128;
const MAX = 1_048_576;

function keyOf(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
}

function simple(
  args: CompiledScalar[],
  init: () => { add: (g: number, v: unknown[]) => void; result: (g: number) => unknown },
): CompiledAggregate {
  return {
    width: 1,
    bind(input) {
      const fns = args.map((a) => a.plan(input));
      const state = init();
      const n = fns.length;
      const values: unknown[] = new Array(n);
      return {
        add(group, row) {
          for (let i = 0; i < n; i++) values[i] = fns[i]!(row);
          state.add(group, values);
        },
        result: (group) => state.result(group),
      };
    },
  };
}

function extreme(args: CompiledScalar[], wantMax: boolean): CompiledAggregate {
  return simple(args, () => {
    const best: unknown[] = [];
    return {
      add(g, [v]) {
        if (isNullish(v)) return;
        const current = best[g];
        if (current === undefined || current === null) best[g] = v;
        else {
          const c = compareNonNull(v, current);
          if (wantMax ? c > 0 : c < 0) best[g] = v;
        }
      },
      result: (g) => best[g] ?? null,
    };
  });
}

/** make_set/make_list (`x[, max]`), or with `conditional` make_set_if/make_list_if (`x, predicate[, max]`), per the make-set(-if) docs. */
function collect(args: CompiledScalar[], unique: boolean, defaultMax: number, conditional = false): CompiledAggregate {
  const maxArg = conditional ? 2 : 1;
  return simple(args, () => {
    const lists: unknown[][] = [];
    const seen: Set<unknown>[] = [];
    return {
      add(g, values) {
        const v = values[0];
        if (conditional && values[1] !== true) return;
        const max = values.length > maxArg && typeof values[maxArg] === 'number' ? (values[maxArg] as number) : defaultMax;
        if (v === null || v === undefined) return;
        let list = lists[g];
        if (!list) {
          list = lists[g] = [];
          if (unique) seen[g] = new Set();
        }
        if (list.length >= max) return;
        if (unique) {
          const k = keyOf(v);
          const set = seen[g]!;
          if (set.has(k)) return;
          set.add(k);
        }
        list.push(v);
      },
      result: (g) => lists[g] ?? [],
    };
  });
}

/**
 * percentile/percentiles (https://learn.microsoft.com/kusto/query/percentiles-aggregate-function): one output column per
 * requested percentile. The service estimates with T-Digest; this engine gives the exact nearest-rank value (the
 * smallest value with at least P% of the values at or below it), which the estimate approximates [inferred].
 */
function percentiles(args: CompiledScalar[], width: number): CompiledAggregate {
  return {
    width,
    bind(input) {
      const value = args[0]!.plan(input);
      const wanted = args.slice(1).map((a) => a.plan(input));
      const lists: unknown[][] = [];
      let anyRow = -1;
      return {
        add(g, row) {
          anyRow = row;
          const v = value(row);
          if (!isNullish(v)) (lists[g] ??= []).push(v);
        },
        result(g, k) {
          const list = lists[g];
          if (!list || list.length === 0) return null;
          if (!Object.isFrozen(list)) Object.freeze(list.sort(compareNonNull));
          const p = wanted[k]!(anyRow < 0 ? 0 : anyRow) as number;
          const rank = Math.ceil((p / 100) * list.length);
          return list[Math.min(list.length - 1, Math.max(0, rank - 1))];
        },
      };
    },
  };
}

function argExtreme(
  node: BridgeNode,
  ctx: CompileContext,
  args: BridgeNode[],
  wantMax: boolean,
  outputNames: readonly string[],
): CompiledAggregate {
  const by = compileScalar(args[0], ctx);
  // Output columns: the extremum expression, then the requested (or all, for *) input columns, by name.
  return {
    width: outputNames.length,
    bind(input) {
      const fb = by.plan(input);
      const best: unknown[] = [];
      const rows: number[] = [];
      const sources = outputNames.slice(1).map((name) => {
        const index = input.indexOf(name);
        if (index < 0) unsupported(ctx, `arg_${wantMax ? 'max' : 'min'} output column '${name}'`, node);
        return input.column(index);
      });
      return {
        add(g, row) {
          const v = fb(row);
          if (isNullish(v)) {
            if (rows[g] === undefined) rows[g] = -1;
            return;
          }
          const current = best[g];
          if (current === undefined || (wantMax ? compareNonNull(v, current) > 0 : compareNonNull(v, current) < 0)) {
            best[g] = v;
            rows[g] = row;
          }
        },
        result(g, k) {
          if (k === 0) return best[g] ?? null;
          const row = rows[g];
          return row === undefined || row < 0 ? null : sources[k - 1]![row];
        },
      };
    },
  };
}

/**
 * Compiles one summarize aggregate expression (a call, optionally named). `outputNames` are the names of the output
 * columns this aggregate owns, taken from the binder.
 */
export function compileAggregate(
  node: BridgeNode,
  ctx: CompileContext,
  outputNames: readonly string[],
): { aggregate: CompiledAggregate; types: KqlType[] } {
  const call = className(node) === 'SimpleNamedExpression' ? node.Expression : node;
  if (className(call) !== 'FunctionCallExpression') return unsupported(ctx, 'summarize expression that is not an aggregate call', node);
  const name = String(call.ReferencedSymbol?.Name ?? '?');
  const argNodes = positionalArguments(call);
  if (!argNodes) return unsupported(ctx, `named arguments of '${name}'`, call);
  const compileArgs = () => argNodes.map((a) => compileScalar(a, ctx));
  const type = (): KqlType => typeOfNode(ctx, call);
  switch (name) {
    case 'count':
      return {
        types: ['long'],
        aggregate: simple([], () => {
          const counts: number[] = [];
          return { add: (g) => void (counts[g] = (counts[g] ?? 0) + 1), result: (g) => counts[g] ?? 0 };
        }),
      };
    case 'countif':
      return {
        types: ['long'],
        aggregate: simple(compileArgs(), () => {
          const counts: number[] = [];
          return {
            add: (g, [p]) => void (counts[g] = (counts[g] ?? 0) + (p === true ? 1 : 0)),
            result: (g) => counts[g] ?? 0,
          };
        }),
      };
    case 'dcount':
    case 'dcountif':
      // Exact distinct count; the service estimates with HyperLogLog, so big inputs may differ slightly.
      return {
        types: ['long'],
        aggregate: simple(compileArgs(), () => {
          const sets: Set<unknown>[] = [];
          return {
            add(g, values) {
              const [v, p] = name === 'dcountif' ? [values[0], values[1]] : [values[0], true];
              const set = (sets[g] ??= new Set());
              if (p === true && !isNullish(v)) set.add(keyOf(v));
            },
            result: (g) => sets[g]?.size ?? 0,
          };
        }),
      };
    case 'min':
    case 'max':
      return { types: [type()], aggregate: extreme(compileArgs(), name === 'max') };
    case 'sum':
      return {
        types: [type()],
        aggregate: simple(compileArgs(), () => {
          const sums: (number | null)[] = [];
          return {
            add(g, [v]) {
              if (v === null) {
                if (sums[g] === undefined) sums[g] = null;
                return;
              }
              sums[g] = (sums[g] ?? 0) + (v as number);
            },
            // No rows at all gives 0 (the documented default); rows that were all null give null [inferred].
            result: (g) => (sums[g] === undefined ? 0 : sums[g]!),
          };
        }),
      };
    case 'avg':
      return {
        types: ['real'],
        aggregate: simple(compileArgs(), () => {
          const sums: number[] = [];
          const counts: number[] = [];
          return {
            add(g, [v]) {
              if (v === null) return;
              sums[g] = (sums[g] ?? 0) + (v as number);
              counts[g] = (counts[g] ?? 0) + 1;
            },
            result: (g) => (counts[g] ? sums[g]! / counts[g]! : Number.NaN),
          };
        }),
      };
    case 'make_set':
      return { types: ['dynamic'], aggregate: collect(compileArgs(), true, MAX) };
    case 'makeset':
      return { types: ['dynamic'], aggregate: collect(compileArgs(), true, LEGACY_MAX) };
    case 'make_list':
      return { types: ['dynamic'], aggregate: collect(compileArgs(), false, MAX) };
    case 'make_set_if':
      return { types: ['dynamic'], aggregate: collect(compileArgs(), true, MAX, true) };
    case 'make_list_if':
      return { types: ['dynamic'], aggregate: collect(compileArgs(), false, MAX, true) };
    case 'makelist':
      return { types: ['dynamic'], aggregate: collect(compileArgs(), false, LEGACY_MAX) };
    case 'take_any':
    case 'any':
      if (argNodes.length !== 1 || className(argNodes[0]) === 'StarExpression') {
        return unsupported(ctx, `${name} with other than one argument`, call);
      }
      return {
        types: [type()],
        aggregate: simple(compileArgs(), () => {
          const picked: unknown[] = [];
          return {
            add(g, [v]) {
              if (picked[g] === undefined && !isNullish(v)) picked[g] = v;
            },
            result: (g) => picked[g] ?? null,
          };
        }),
      };
    case 'percentile':
    case 'percentiles':
      return { types: outputNames.map(() => typeOfNode(ctx, argNodes[0])), aggregate: percentiles(compileArgs(), outputNames.length) };
    case 'arg_max':
    case 'arg_min':
      return { types: [], aggregate: argExtreme(call, ctx, argNodes, name === 'arg_max', outputNames) };
  }
  return unsupported(ctx, `aggregate function '${name}'`, call);
}
