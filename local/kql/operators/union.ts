/**
 * `union` (outer/inner, `withsource=`, `isfuzzy=`), per the union operator docs. Piped, the input is the first argument;
 * when the union leads the query (`union A, B`), there is no input.
 * `isfuzzy=true` (union operator docs, "isfuzzy"): legs whose table or function does not resolve are dropped, each
 * drop is a warning in the query status, and the query fails only when no leg resolves.
 */
import { QueryError } from '../../../src/errors.js';
import { unsupported, type CompileContext } from '../compileContext.js';
import { className, describePosition, kindName, separated, type BridgeNode } from '../kustoFrontend.js';
import { defaultValue } from '../kqlValues.js';
import { namedParameters, relationOf, type OperatorPlan } from './operatorSupport.js';
import type { KqlColumn, KqlType } from '../kqlTypes.js';

/** Compiles `union T1, T2, …`; `leading` when it starts the query (no piped input). */
export function compileUnion(node: BridgeNode, ctx: CompileContext, leading: boolean): OperatorPlan {
  const params = namedParameters(node.Parameters);
  const kind = (params.get('kind') ?? 'outer').toLowerCase();
  const withSource = params.get('withsource');
  const fuzzy = (params.get('isfuzzy') ?? 'false').toLowerCase() === 'true';
  let expressions = separated(node.Expressions);
  if (fuzzy) {
    const unresolved = expressions.map((e) => unresolvedSource(e, ctx));
    const resolved = expressions.filter((_, i) => unresolved[i] === undefined);
    if (resolved.length === 0 && leading) {
      // The union operator docs: "If no resolutions were successful, the query returns an error."
      const position: number = node?.TextStart ?? 0;
      throw new QueryError(
        `union: must have at least one operand that can be evaluated successfully when running with 'Fuzzy' mode at ${describePosition(ctx.text, position)}`,
        { code: 'SEM0100', position },
      );
    }
    for (const name of unresolved) if (name !== undefined) ctx.warnings.push(`Failed to resolve table or function expression named '${name}'`);
    expressions = resolved;
  }
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

/**
 * The name of the table or function a union leg reads when it does not resolve (no such table in the workspace, no such
 * function), or undefined when the leg resolves. The leg's source is the leftmost expression of its pipeline.
 */
function unresolvedSource(leg: BridgeNode, ctx: CompileContext): string | undefined {
  let source = leg;
  for (;;) {
    const kind = kindName(source);
    if (kind === 'PipeExpression' || kind === 'ParenthesizedExpression') source = source.Expression;
    else break;
  }
  const kind = kindName(source);
  const symbol = source.ReferencedSymbol ? className(source.ReferencedSymbol) : undefined;
  if (kind === 'NameReference') {
    const name = String(source.SimpleName);
    if (ctx.lets.has(name)) return undefined;
    return symbol === 'TableSymbol' && ctx.tables[name] ? undefined : name;
  }
  if (kind === 'FunctionCallExpression') {
    const name = String(source.Name?.SimpleName ?? '');
    // A function the workspace does not define binds to no symbol (or an error symbol).
    return symbol === 'FunctionSymbol' ? undefined : name;
  }
  return undefined;
}
