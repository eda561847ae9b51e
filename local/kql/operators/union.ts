/**
 * `union` (outer/inner, `withsource=`, `isfuzzy=`), per the union operator docs. Piped, the input is the first argument;
 * when the union leads the query (`union A, B`), there is no input.
 * `isfuzzy=true` (union operator docs, "isfuzzy"): legs whose table or function does not resolve are dropped, each
 * drop is a warning in the query status, and the query fails only when no leg resolves.
 */
import { unsupported, type CompileContext } from '../compileContext.js';
import { kindName, separated, type BridgeNode } from '../kustoFrontend.js';
import { defaultValue } from '../kqlValues.js';
import { namedParameters, relationOf, type OperatorPlan } from './operatorSupport.js';
import type { KqlColumn, KqlType } from '../kqlTypes.js';

/** Compiles `union T1, T2, …`; `leading` when it starts the query (no piped input). */
export function compileUnion(node: BridgeNode, ctx: CompileContext, leading: boolean): OperatorPlan {
  const params = namedParameters(node.Parameters);
  const kind = (params.get('kind') ?? 'outer').toLowerCase();
  const withSource = params.get('withsource');
  // A fuzzy union's unresolved legs were cut from the text before binding (pruneFuzzyUnionLegs).
  const expressions = separated(node.Expressions);
  const plans = expressions.map((e) => ({ plan: ctx.compileTabular(e), label: kindName(e) === 'NameReference' ? String(e.SimpleName) : undefined }));
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

