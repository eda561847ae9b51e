/**
 * Grouping operators: `summarize … by …`, `distinct`, `count`. Groups are numbered in order of first appearance;
 * aggregates keep their state per group (aggregateFunctions.ts).
 */
import { compileAggregate, type CompiledAggregate } from '../aggregateFunctions.js';
import { compileScalar } from '../compileScalar.js';
import { unsupported, type CompileContext } from '../compileContext.js';
import { className, separated, type BridgeNode } from '../kustoFrontend.js';
import { Relation } from '../Relation.js';
import { binderColumns, compositeKey, valueExpression, type OperatorPlan } from './operatorSupport.js';

interface Groups {
  readonly count: number;
  readonly firstRows: number[];
  readonly groupOfRow: Int32Array;
}

function groupRows(keyFns: ((row: number) => unknown)[], length: number): Groups {
  const groupOfRow = new Int32Array(length);
  const firstRows: number[] = [];
  if (keyFns.length === 0) return { count: 1, firstRows: [length > 0 ? 0 : -1], groupOfRow };
  const map = new Map<unknown, number>();
  const values: unknown[] = new Array(keyFns.length);
  const single = keyFns.length === 1 ? keyFns[0]! : undefined;
  for (let row = 0; row < length; row++) {
    let key: unknown;
    if (single) {
      key = single(row);
      if (key !== null && typeof key === 'object') key = compositeKey([key]);
    } else {
      for (let k = 0; k < keyFns.length; k++) values[k] = keyFns[k]!(row);
      key = compositeKey(values);
    }
    let g = map.get(key);
    if (g === undefined) {
      g = firstRows.length;
      map.set(key, g);
      firstRows.push(row);
    }
    groupOfRow[row] = g;
  }
  return { count: firstRows.length, firstRows, groupOfRow };
}

/** Compiles `summarize aggregates by keys`. */
export function compileSummarize(node: BridgeNode, ctx: CompileContext): OperatorPlan {
  const output = binderColumns(ctx, node);
  const byExpressions = node.ByClause ? separated(node.ByClause.Expressions) : [];
  const byCompiled = byExpressions.map((e) => compileScalar(valueExpression(e), ctx));
  const aggregateNodes = separated(node.Aggregates);
  const argCount = aggregateNodes.filter((a) => /^arg_(max|min)$/.test(String(valueExpression(a).ReferencedSymbol?.Name))).length;
  if (argCount > 1) return unsupported(ctx, 'more than one arg_max/arg_min in one summarize', node);
  // percentiles(x, p1, p2, …) owns one output column per percentile; arg_max/arg_min owns what the others leave.
  const fixedWidth = (a: BridgeNode): number =>
    String(valueExpression(a).ReferencedSymbol?.Name) === 'percentiles' ? separated(valueExpression(a).ArgumentList.Expressions).length - 1 : 1;
  const argWidth =
    output.length - byExpressions.length - aggregateNodes.filter((a) => !/^arg_(max|min)$/.test(String(valueExpression(a).ReferencedSymbol?.Name))).reduce((n, a) => n + fixedWidth(a), 0);
  let position = byExpressions.length;
  const aggregates: { aggregate: CompiledAggregate; offset: number }[] = aggregateNodes.map((a) => {
    const isArg = /^arg_(max|min)$/.test(String(valueExpression(a).ReferencedSymbol?.Name));
    const width = isArg ? argWidth : fixedWidth(a);
    const names = output.slice(position, position + width).map((c) => c.name);
    const { aggregate } = compileAggregate(a, ctx, names);
    const entry = { aggregate, offset: position };
    position += width;
    return entry;
  });
  return (input) => {
    const keyFns = byCompiled.map((c) => c.plan(input));
    const groups = groupRows(keyFns, input.length);
    const accumulators = aggregates.map((a) => a.aggregate.bind(input));
    const { groupOfRow } = groups;
    for (let row = 0; row < input.length; row++) {
      const g = groupOfRow[row]!;
      for (const acc of accumulators) acc.add(g, row);
    }
    // Without `by`, empty input still yields one row of defaults; with `by`, no rows.
    const count = byExpressions.length === 0 ? 1 : groups.count;
    const arrays: unknown[][] = output.map(() => new Array(count));
    for (let g = 0; g < count; g++) {
      for (let k = 0; k < keyFns.length; k++) arrays[k]![g] = keyFns[k]!(groups.firstRows[g]!);
      aggregates.forEach((a, i) => {
        const acc = accumulators[i]!;
        for (let w = 0; w < a.aggregate.width; w++) arrays[a.offset + w]![g] = acc.result(g, w);
      });
    }
    // Named by-keys whose binder type differs (e.g. int key) keep their computed values; strings never hold null.
    output.forEach((c, i) => {
      if (c.type === 'string') arrays[i] = arrays[i]!.map((v) => (v === null || v === undefined ? '' : v));
    });
    return Relation.fromArrays(output, arrays, count);
  };
}

/** Compiles `distinct columns` and `distinct *`. */
export function compileDistinct(node: BridgeNode, ctx: CompileContext): OperatorPlan {
  const output = binderColumns(ctx, node);
  const expressions = separated(node.Expressions);
  const star = expressions.length === 1 && className(expressions[0]) === 'StarExpression';
  const compiled = star ? [] : expressions.map((e) => compileScalar(valueExpression(e), ctx));
  return (input) => {
    const columns = star ? input.columns : output;
    const fns = star
      ? input.columns.map((_, i) => {
          const col = input.column(i);
          return (row: number) => col[row];
        })
      : compiled.map((c) => c.plan(input));
    const groups = groupRows(fns, input.length);
    const arrays = fns.map((fn) => groups.firstRows.slice(0, groups.count).map((r) => fn(r)));
    return Relation.fromArrays(columns, input.length === 0 ? columns.map(() => []) : arrays, input.length === 0 ? 0 : groups.count);
  };
}

/** Compiles `count`: one row, one `Count` column. */
export function compileCount(): OperatorPlan {
  return (input) => Relation.fromArrays([{ name: 'Count', type: 'long' }], [[input.length]], 1);
}
