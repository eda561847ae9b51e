/**
 * Compiles tabular expressions (pipelines, table references, datatable, union, join, …) into thunks producing
 * Relations. Output names and types come from the binder; column order follows the service's rules where the binder
 * differs (extend re-appends a replaced column at the end, as the extend docs say).
 */
import { compileAggregate, type CompiledAggregate } from './aggregateFunctions.js';
import { typeOfSymbol, unsupported, type CompileContext } from './compileContext.js';
import { compileScalar, tabularHook, type CompiledScalar } from './compileScalar.js';
import { translateKqlRegex } from './compileKqlRegex.js';
import { className, kindName, listItems, separated, toArray, type BridgeNode } from './kustoFrontend.js';
import { coerceTo, defaultValue, toKqlString } from './kqlValues.js';
import { Relation } from './Relation.js';
import { compositeKey, gatherWithDefaults, namedParameters, relationOf, sortedIndices, type SortKey } from './tabularSupport.js';
import type { KqlColumn, KqlType } from './kqlTypes.js';

export type TabularPlan = () => Relation;
type OperatorPlan = (input: Relation) => Relation;

/** The binder's output columns of an operator or tabular expression. */
function binderColumns(ctx: CompileContext, node: BridgeNode): KqlColumn[] {
  return toArray(node.ResultType.Columns).map((c) => ({ name: String(c.Name), type: typeOfSymbol(ctx, c.Type, node) }));
}

function constantNumber(ctx: CompileContext, node: BridgeNode, what: string): number {
  const c = compileScalar(node, ctx);
  if (!c.constant || typeof c.constant.value !== 'number') return unsupported(ctx, `non-constant ${what}`, node);
  return c.constant.value;
}

function materialize(compiled: CompiledScalar, input: Relation): unknown[] {
  const fn = compiled.plan(input);
  const out = new Array(input.length);
  for (let i = 0; i < input.length; i++) out[i] = fn(i);
  return out;
}

/** Compiles a tabular expression. */
export function compileTabular(node: BridgeNode, ctx: CompileContext): TabularPlan {
  const kind = kindName(node);
  switch (kind) {
    case 'PipeExpression': {
      const source = compileTabular(node.Expression, ctx);
      const operator = compileOperator(node.Operator, ctx);
      return () => operator(source());
    }
    case 'ParenthesizedExpression':
      return compileTabular(node.Expression, ctx);
    case 'NameReference':
      return compileTableReference(node, ctx);
    case 'DataTableExpression':
      return compileDataTable(node, ctx);
    case 'UnionOperator': {
      // A leading `union A, B` has no piped input.
      const operator = compileUnion(node, ctx, true);
      return () => operator(Relation.fromArrays([], [], 0));
    }
    case 'PrintOperator': {
      const operator = compileOperator(node, ctx);
      return () => operator(Relation.fromArrays([], [], 1));
    }
  }
  return unsupported(ctx, `tabular expression (${kind})`, node);
}

tabularHook.evaluate = (node, ctx) => compileTabular(node, ctx)();

function compileTableReference(node: BridgeNode, ctx: CompileContext): TabularPlan {
  const name = String(node.SimpleName);
  const symbolClass = className(node.ReferencedSymbol);
  if (symbolClass === 'VariableSymbol') {
    const binding = ctx.lets.get(name);
    if (binding?.kind === 'tabular') return binding.evaluate;
  }
  const table = symbolClass === 'TableSymbol' ? ctx.tables[name] : undefined;
  if (!table) return unsupported(ctx, `table reference '${name}'`, node);
  return () => {
    const relation = Relation.fromTable(table);
    const timeIndex = relation.indexOf('TimeGenerated');
    if (!ctx.timespan || timeIndex < 0 || relation.columns[timeIndex]!.type !== 'datetime') return relation;
    // The service restricts each table to the request's timespan on TimeGenerated before the query runs.
    const { startMs, endMs } = ctx.timespan;
    const times = relation.column(timeIndex) as (number | null)[];
    const keep: number[] = [];
    for (let i = 0; i < times.length; i++) {
      const t = times[i];
      if (t !== null && t !== undefined && t >= startMs && t < endMs) keep.push(i);
    }
    return keep.length === relation.length ? relation : relation.gather(keep);
  };
}

function compileDataTable(node: BridgeNode, ctx: CompileContext): TabularPlan {
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

function compileOperator(node: BridgeNode, ctx: CompileContext): OperatorPlan {
  const kind = kindName(node);
  switch (kind) {
    case 'FilterOperator': {
      const condition = compileScalar(node.Condition, ctx);
      return (input) => {
        const fn = condition.plan(input);
        const keep: number[] = [];
        for (let i = 0; i < input.length; i++) if (fn(i) === true) keep.push(i);
        return keep.length === input.length ? input : input.gather(keep);
      };
    }
    case 'ExtendOperator':
      return compileExtend(node, ctx);
    case 'ProjectOperator':
      return compileProject(node, ctx, separated(node.Expressions));
    case 'ProjectAwayOperator':
    case 'ProjectKeepOperator': {
      const keepNames = new Set(binderColumns(ctx, node).map((c) => c.name));
      return (input) => {
        const mapping = input.columns.map((c, i) => (keepNames.has(c.name) ? i : -1)).filter((i) => i >= 0);
        return input.remap(mapping.map((i) => input.columns[i]!), mapping);
      };
    }
    case 'ProjectRenameOperator': {
      const renames = new Map<string, string>();
      for (const e of separated(node.Expressions)) renames.set(String(e.Expression.SimpleName), String(e.Name.SimpleName));
      return (input) =>
        input.remap(
          input.columns.map((c) => ({ name: renames.get(c.name) ?? c.name, type: c.type })),
          input.columns.map((_, i) => i),
        );
    }
    case 'ProjectReorderOperator':
      return compileProjectReorder(node, ctx);
    case 'SummarizeOperator':
      return compileSummarize(node, ctx);
    case 'SortOperator':
      return compileSort(separated(node.Expressions), ctx, undefined);
    case 'TopOperator': {
      const count = constantNumber(ctx, node.Expression, 'top count');
      return compileSort([node.ByExpression], ctx, count);
    }
    case 'TakeOperator': {
      const count = constantNumber(ctx, node.Expression, 'take count');
      return (input) => (input.length <= count ? input : input.gather(Array.from({ length: Math.max(0, count) }, (_, i) => i)));
    }
    case 'CountOperator':
      return (input) => Relation.fromArrays([{ name: 'Count', type: 'long' }], [[input.length]], 1);
    case 'DistinctOperator':
      return compileDistinct(node, ctx);
    case 'JoinOperator':
      return compileJoin(node, ctx);
    case 'UnionOperator':
      return compileUnion(node, ctx, false);
    case 'MvExpandOperator':
      return compileMvExpand(node, ctx);
    case 'ParseOperator':
      return compileParse(node, ctx);
    case 'PrintOperator':
      return compileProject(node, ctx, separated(node.Expressions));
  }
  return unsupported(ctx, `operator '${String(node.GetFirstToken()?.Text ?? kind)}'`, node);
}

/** The column name an unnamed expression gets, taken from the binder's output at `position`. */
function nameOf(expression: BridgeNode, fallback: string): string {
  if (className(expression) === 'SimpleNamedExpression') return String(expression.Name.SimpleName);
  if (kindName(expression) === 'NameReference') return String(expression.SimpleName);
  return fallback;
}

function valueExpression(expression: BridgeNode): BridgeNode {
  return className(expression) === 'SimpleNamedExpression' ? expression.Expression : expression;
}

function compileExtend(node: BridgeNode, ctx: CompileContext): OperatorPlan {
  const expressions = separated(node.Expressions);
  if (expressions.some((e) => className(e) === 'CompoundNamedExpression')) {
    return unsupported(ctx, 'tuple assignment in extend', node);
  }
  const output = binderColumns(ctx, node);
  const outputNames = new Set(output.map((c) => c.name));
  return (input) => {
    // Unnamed expressions get binder-generated names: the output names neither the input nor the named ones use.
    const explicit = new Set(expressions.map((e) => nameOf(e, '')).filter((n) => n));
    const generated = output.filter((c) => input.indexOf(c.name) < 0 && !explicit.has(c.name)).map((c) => c.name);
    let columns = input.columns.slice();
    let arrays: (() => unknown[])[] = input.columns.map((_, i) => () => input.column(i));
    for (const e of expressions) {
      const name = nameOf(e, '') || generated.shift() || '';
      if (!outputNames.has(name)) unsupported(ctx, `extend column naming for '${String(e.ToString()).trim()}'`, e);
      const compiled = compileScalar(valueExpression(e), ctx);
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
    }
    const finalArrays = arrays;
    return new Relation(columns, input.length, (i) => finalArrays[i]!());
  };
}

function compileProject(node: BridgeNode, ctx: CompileContext, expressions: BridgeNode[]): OperatorPlan {
  const output = binderColumns(ctx, node);
  const compiled = expressions.map((e) => {
    if (className(e) === 'CompoundNamedExpression') unsupported(ctx, 'tuple assignment in project', e);
    return compileScalar(valueExpression(e), ctx);
  });
  if (compiled.length !== output.length) return unsupported(ctx, 'wildcard in project', node);
  return (input) => {
    const arrays = compiled.map((c, i) => {
      const e = valueExpression(expressions[i]);
      if (kindName(e) === 'NameReference' && className(e.ReferencedSymbol) === 'ColumnSymbol') {
        return () => input.column(input.indexOf(String(e.SimpleName)));
      }
      let cache: unknown[] | undefined;
      return () => (cache ??= materialize(c, input));
    });
    return new Relation(output, input.length, (i) => arrays[i]!());
  };
}

function compileProjectReorder(node: BridgeNode, ctx: CompileContext): OperatorPlan {
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

function compileSort(expressions: BridgeNode[], ctx: CompileContext, limit: number | undefined): OperatorPlan {
  const keys = expressions.map((e) => {
    const inner = className(e) === 'OrderedExpression' ? e.Expression : e;
    const ordering = className(e) === 'OrderedExpression' ? e.Ordering : null;
    const direction = String(ordering?.AscOrDescKeyword?.Text ?? 'desc').toLowerCase();
    const descending = direction !== 'asc';
    const nullsText = ordering?.NullsClause?.FirstOrLastKeyword?.Text;
    // Defaults: asc puts nulls first, desc puts them last.
    const nullsFirst = nullsText ? String(nullsText).toLowerCase() === 'first' : !descending;
    return { compiled: compileScalar(inner, ctx), descending, nullsFirst };
  });
  return (input) => {
    const sortKeys: SortKey[] = keys.map((k) => ({
      values: materialize(k.compiled, input),
      descending: k.descending,
      nullsFirst: k.nullsFirst,
    }));
    const order = sortedIndices(input.length, sortKeys);
    return input.gather(limit === undefined ? order : order.slice(0, Math.max(0, limit)));
  };
}

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

function compileSummarize(node: BridgeNode, ctx: CompileContext): OperatorPlan {
  const output = binderColumns(ctx, node);
  const byExpressions = node.ByClause ? separated(node.ByClause.Expressions) : [];
  const byCompiled = byExpressions.map((e) => compileScalar(valueExpression(e), ctx));
  const aggregateNodes = separated(node.Aggregates);
  const argCount = aggregateNodes.filter((a) => /^arg_(max|min)$/.test(String(valueExpression(a).ReferencedSymbol?.Name))).length;
  if (argCount > 1) return unsupported(ctx, 'more than one arg_max/arg_min in one summarize', node);
  const argWidth = output.length - byExpressions.length - (aggregateNodes.length - argCount);
  let position = byExpressions.length;
  const aggregates: { aggregate: CompiledAggregate; offset: number }[] = aggregateNodes.map((a) => {
    const isArg = /^arg_(max|min)$/.test(String(valueExpression(a).ReferencedSymbol?.Name));
    const width = isArg ? argWidth : 1;
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

function compileDistinct(node: BridgeNode, ctx: CompileContext): OperatorPlan {
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

interface JoinKeyPair {
  readonly left: string;
  readonly right: string;
}

function joinKeys(node: BridgeNode, ctx: CompileContext): JoinKeyPair[] {
  const clause = node.ConditionClause;
  if (!clause || className(clause) !== 'JoinOnClause') return unsupported(ctx, 'join without an on clause', node);
  const pairs: JoinKeyPair[] = [];
  const side = (e: BridgeNode): { side: string; name: string } => {
    if (kindName(e) !== 'PathExpression') return unsupported(ctx, 'join condition operand', e);
    return { side: String(e.Expression.SimpleName ?? e.Expression.ToString()).trim(), name: String(e.Selector.SimpleName) };
  };
  const visit = (e: BridgeNode): void => {
    const kind = kindName(e);
    if (kind === 'NameReference') pairs.push({ left: String(e.SimpleName), right: String(e.SimpleName) });
    else if (kind === 'AndExpression') {
      visit(e.Left);
      visit(e.Right);
    } else if (kind === 'EqualExpression') {
      const a = side(e.Left);
      const b = side(e.Right);
      const l = a.side === '$left' ? a : b;
      const r = a.side === '$left' ? b : a;
      if (l.side !== '$left' || r.side !== '$right') unsupported(ctx, 'join condition', e);
      pairs.push({ left: l.name, right: r.name });
    } else unsupported(ctx, `join condition (${kind})`, e);
  };
  for (const e of separated(clause.Expressions)) visit(e);
  return pairs;
}

const JOIN_KINDS = new Set(['innerunique', 'inner', 'leftouter', 'rightouter', 'fullouter', 'leftsemi', 'leftanti', 'anti', 'leftantisemi', 'rightsemi', 'rightanti', 'rightantisemi']);

function compileJoin(node: BridgeNode, ctx: CompileContext): OperatorPlan {
  const params = namedParameters(node.Parameters);
  const kind = (params.get('kind') ?? 'innerunique').toLowerCase();
  if (!JOIN_KINDS.has(kind)) return unsupported(ctx, `join kind '${kind}'`, node);
  const right = compileTabular(node.Expression, ctx);
  const pairs = joinKeys(node, ctx);
  return (left) => {
    const rightRelation = right();
    const keyFns = (relation: Relation, names: string[]) =>
      names.map((n) => {
        const index = relation.indexOf(n);
        if (index < 0) unsupported(ctx, `join key '${n}'`, node);
        const col = relation.column(index);
        return (row: number) => col[row];
      });
    const lk = keyFns(left, pairs.map((p) => p.left));
    const rk = keyFns(rightRelation, pairs.map((p) => p.right));
    const keyAt = (fns: ((row: number) => unknown)[], row: number): unknown => {
      const values = fns.map((f) => f(row));
      // Null keys never match (as in SQL); a string key is never null.
      return values.some((v) => v === null || v === undefined) ? undefined : compositeKey(values);
    };
    const index = new Map<unknown, number[]>();
    for (let r = 0; r < rightRelation.length; r++) {
      const k = keyAt(rk, r);
      if (k === undefined) continue;
      const list = index.get(k);
      if (list) list.push(r);
      else index.set(k, [r]);
    }
    const li: number[] = [];
    const ri: number[] = [];
    const matchedRight = new Set<number>();
    const seenLeftKeys = new Set<unknown>();
    for (let l = 0; l < left.length; l++) {
      const k = keyAt(lk, l);
      const matches = k === undefined ? undefined : index.get(k);
      switch (kind) {
        case 'innerunique':
          // The left side is deduplicated on the key first: one (the first) left row per key.
          if (k === undefined || seenLeftKeys.has(k)) break;
          seenLeftKeys.add(k);
          for (const r of matches ?? []) (li.push(l), ri.push(r));
          break;
        case 'inner':
          for (const r of matches ?? []) (li.push(l), ri.push(r));
          break;
        case 'leftouter':
        case 'fullouter':
          if (matches) for (const r of matches) (li.push(l), ri.push(r), matchedRight.add(r));
          else (li.push(l), ri.push(-1));
          break;
        case 'rightouter':
          if (matches) for (const r of matches) (li.push(l), ri.push(r), matchedRight.add(r));
          break;
        case 'leftsemi':
          if (matches) li.push(l);
          break;
        case 'leftanti':
        case 'anti':
        case 'leftantisemi':
          if (!matches) li.push(l);
          break;
        default:
          if (matches) for (const r of matches) matchedRight.add(r);
      }
    }
    if (kind === 'rightouter' || kind === 'fullouter') {
      for (let r = 0; r < rightRelation.length; r++) if (!matchedRight.has(r)) (li.push(-1), ri.push(r));
    }
    if (kind === 'leftsemi' || kind === 'leftanti' || kind === 'anti' || kind === 'leftantisemi') return left.gather(li);
    if (kind === 'rightsemi' || kind === 'rightanti' || kind === 'rightantisemi') {
      const keep: number[] = [];
      for (let r = 0; r < rightRelation.length; r++) if (matchedRight.has(r) === (kind === 'rightsemi')) keep.push(r);
      return rightRelation.gather(keep);
    }
    const used = new Set(left.columns.map((c) => c.name));
    const rightColumns = rightRelation.columns.map((c) => {
      let name = c.name;
      for (let n = 1; used.has(name); n++) name = `${c.name}${n}`;
      used.add(name);
      return { name, type: c.type };
    });
    const columns = [...left.columns, ...rightColumns];
    const leftCount = left.columns.length;
    return relationOf(columns, li.length, (c) =>
      c < leftCount
        ? gatherWithDefaults(left.column(c), li, columns[c]!)
        : gatherWithDefaults(rightRelation.column(c - leftCount), ri, columns[c]!),
    );
  };
}

function compileUnion(node: BridgeNode, ctx: CompileContext, leading: boolean): OperatorPlan {
  const params = namedParameters(node.Parameters);
  const kind = (params.get('kind') ?? 'outer').toLowerCase();
  const withSource = params.get('withsource');
  const expressions = separated(node.Expressions);
  const plans = expressions.map((e) => ({ plan: compileTabular(e, ctx), label: kindName(e) === 'NameReference' ? String(e.SimpleName) : undefined }));
  return (input) => {
    const inputs = [...(leading ? [] : [{ relation: input, label: undefined as string | undefined }]), ...plans.map((p) => ({ relation: p.plan(), label: p.label }))];
    let columns: KqlColumn[] = [];
    if (kind === 'inner') {
      columns = inputs[0]!.relation.columns.filter((c) => inputs.every((i) => i.relation.columns.some((x) => x.name === c.name && x.type === c.type)));
    } else {
      for (const { relation } of inputs) {
        for (const c of relation.columns) {
          const existing = columns.find((x) => x.name === c.name);
          if (!existing) columns.push(c);
          else if (existing.type !== c.type) unsupported(ctx, `union of column '${c.name}' with types ${existing.type} and ${c.type}`, node);
        }
      }
    }
    const labels = inputs.map((i, n) => i.label ?? `union_arg${n}`);
    const all = withSource ? [{ name: withSource, type: 'string' as KqlType }, ...columns] : columns;
    const total = inputs.reduce((s, i) => s + i.relation.length, 0);
    return relationOf(all, total, (c) => {
      const out: unknown[] = [];
      inputs.forEach(({ relation }, n) => {
        if (withSource && c === 0) {
          for (let r = 0; r < relation.length; r++) out.push(labels[n]);
          return;
        }
        const column = all[c]!;
        const index = relation.indexOf(column.name);
        if (index < 0) for (let r = 0; r < relation.length; r++) out.push(defaultValue(column.type));
        else for (const v of relation.column(index)) out.push(v);
      });
      return out;
    });
  };
}

function compileMvExpand(node: BridgeNode, ctx: CompileContext): OperatorPlan {
  const params = namedParameters(node.Parameters);
  const bagKind = (params.get('kind') ?? params.get('bagexpansion') ?? 'bag').toLowerCase();
  const itemIndex = params.get('with_itemindex');
  const limit = node.RowLimitClause ? constantNumber(ctx, node.RowLimitClause.RowLimit, 'mv-expand limit') : Number.MAX_SAFE_INTEGER;
  const output = binderColumns(ctx, node);
  const items = separated(node.Expressions).map((m) => {
    const e = m.Expression;
    const target: KqlType = m.ToTypeOf ? typeOfSymbol(ctx, m.ToTypeOf.TypeOf.ReferencedSymbol, m) : 'dynamic';
    return { expression: e, compiled: compileScalar(valueExpression(e), ctx), target };
  });
  return (input) => {
    const generated = output.filter((c) => input.indexOf(c.name) < 0 && c.name !== itemIndex && !items.some((i) => nameOf(i.expression, '') === c.name));
    let next = 0;
    const named = items.map((i) => {
      const name = nameOf(i.expression, '');
      return name || generated[next++]?.name || 'Column1';
    });
    const fns = items.map((i) => i.compiled.plan(input));
    const sourceRows: number[] = [];
    const expanded: unknown[][] = items.map(() => []);
    const indexes: number[] = [];
    for (let row = 0; row < input.length; row++) {
      const lists = fns.map((fn) => {
        const v = fn(row);
        if (Array.isArray(v)) return v;
        if (v !== null && typeof v === 'object') {
          return Object.entries(v).map(([k, x]) => (bagKind === 'array' ? [k, x] : { [k]: x }));
        }
        return [v];
      });
      const length = Math.min(limit, Math.max(...lists.map((l) => l.length)));
      for (let i = 0; i < length; i++) {
        sourceRows.push(row);
        indexes.push(i);
        lists.forEach((l, k) => expanded[k]!.push(i < l.length ? coerceTo(l[i] ?? null, items[k]!.target) : defaultValue(items[k]!.target)));
      }
    }
    const base = input.gather(sourceRows);
    const columns: KqlColumn[] = input.columns.slice();
    const sources: (() => unknown[])[] = input.columns.map((_, i) => () => base.column(i));
    named.forEach((name, k) => {
      const column = { name, type: items[k]!.target };
      const existing = columns.findIndex((c) => c.name === name);
      if (existing >= 0) {
        columns[existing] = column;
        sources[existing] = () => expanded[k]!;
      } else {
        columns.push(column);
        sources.push(() => expanded[k]!);
      }
    });
    if (itemIndex) {
      columns.push({ name: itemIndex, type: 'long' });
      sources.push(() => indexes);
    }
    return new Relation(columns, sourceRows.length, (i) => sources[i]!());
  };
}

const NUMBER_PATTERNS: Partial<Record<KqlType, string>> = {
  int: '-?\\d+',
  long: '-?\\d+',
  real: '-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?',
};

function compileParse(node: BridgeNode, ctx: CompileContext): OperatorPlan {
  const params = namedParameters(node.Parameters);
  const mode = (params.get('kind') ?? 'simple').toLowerCase();
  if (mode !== 'simple' && mode !== 'regex' && mode !== 'relaxed') return unsupported(ctx, `parse kind '${mode}'`, node);
  if (params.has('flags')) return unsupported(ctx, 'parse flags', node);
  const source = compileScalar(node.Expression, ctx);
  const columns: KqlColumn[] = [];
  let pattern = '^';
  const parts = listItems(node.Patterns);
  for (const part of parts) {
    const cls = className(part);
    if (cls === 'StarExpression') pattern += '[\\s\\S]*?';
    else if (cls === 'LiteralExpression') {
      const text = String(part.LiteralValue);
      pattern += mode === 'regex' ? `(?:${translateKqlRegex(text).source})` : text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    } else if (cls === 'NameAndTypeDeclaration' || cls === 'NameDeclaration') {
      const name = String(cls === 'NameDeclaration' ? part.SimpleName : part.Name.SimpleName);
      const type = cls === 'NameDeclaration' ? 'string' : typeOfSymbol(ctx, part.Name.ResultType, part);
      columns.push({ name, type });
      pattern += `(${NUMBER_PATTERNS[type] ?? '[\\s\\S]*?'})`;
    } else unsupported(ctx, `parse pattern element (${cls})`, part);
  }
  // [inferred] The generated regex must match the whole text, so a trailing column takes the rest of it.
  const regex = new RegExp(`${pattern}$`, 'u');
  return (input) => {
    const fn = source.plan(input);
    const values = columns.map(() => new Array(input.length));
    for (let row = 0; row < input.length; row++) {
      const m = regex.exec(toKqlString(fn(row), source.type));
      columns.forEach((c, k) => {
        values[k]![row] = m ? coerceTo(m[k + 1] ?? null, c.type) : defaultValue(c.type);
      });
    }
    const out: KqlColumn[] = input.columns.slice();
    const sources: (() => unknown[])[] = input.columns.map((_, i) => () => input.column(i));
    columns.forEach((c, k) => {
      const existing = out.findIndex((x) => x.name === c.name);
      if (existing >= 0) {
        out[existing] = c;
        sources[existing] = () => values[k]!;
      } else {
        out.push(c);
        sources.push(() => values[k]!);
      }
    });
    return new Relation(out, input.length, (i) => sources[i]!());
  };
}
