/**
 * `join` (default `innerunique`; inner, outer, semi and anti kinds; `on Key` and `on $left.a == $right.b`), per the
 * join operator docs. The right side is hashed on its keys; null keys never match.
 */
import { unsupported, type CompileContext } from '../compileContext.js';
import { className, kindName, separated, type BridgeNode } from '../kustoFrontend.js';
import { defaultValue } from '../kqlValues.js';
import { compositeKey, namedParameters, relationOf, type OperatorPlan } from './operatorSupport.js';
import type { KqlColumn } from '../kqlTypes.js';
import type { Relation } from '../Relation.js';

/** Gathers rows by index where -1 means "no row" (the column's default), for outer joins. */
function gatherWithDefaults(source: readonly unknown[], indices: readonly number[], column: KqlColumn): unknown[] {
  const fallback = defaultValue(column.type);
  const out = new Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i]!;
    out[i] = r < 0 ? fallback : source[r];
  }
  return out;
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

/** Compiles `join kind=… (right) on …`. */
export function compileJoin(node: BridgeNode, ctx: CompileContext): OperatorPlan {
  const params = namedParameters(node.Parameters);
  const kind = (params.get('kind') ?? 'innerunique').toLowerCase();
  if (!JOIN_KINDS.has(kind)) return unsupported(ctx, `join kind '${kind}'`, node);
  const right = ctx.compileTabular(node.Expression);
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
