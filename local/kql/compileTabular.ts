/**
 * Compiles tabular expressions (pipelines, table references, datatable, leading union, print) into thunks producing
 * Relations. Piped operators are in the registry of compileOperator.ts. Output names and types come from the binder;
 * column order follows the service's rules where the binder differs.
 */
import { compileScalar } from './compileScalar.js';
import { recoverBlocker, unsupported, type CompileContext, type FunctionExpansion, type TabularPlan } from './compileContext.js';
import { compileOperator } from './compileOperator.js';
import { className, kindName, separated, type BridgeNode } from './kustoFrontend.js';
import { compileDataTable } from './operators/datatable.js';
import { compileUnion } from './operators/union.js';
import { Relation } from './Relation.js';
import type { OperatorPlan } from './operators/operatorSupport.js';

const EMPTY: TabularPlan = () => Relation.fromArrays([], [], 0);

/**
 * Compiles a tabular expression. A blocker inside it is recorded and stands in as an empty table, so that the rest of
 * the query is still checked and the query's error names every blocker.
 */
export function compileTabular(node: BridgeNode, ctx: CompileContext): TabularPlan {
  return recoverBlocker(ctx, () => compileTabularNode(node, ctx), () => EMPTY);
}

function compileTabularNode(node: BridgeNode, ctx: CompileContext): TabularPlan {
  const kind = kindName(node);
  switch (kind) {
    case 'PipeExpression': {
      const source = compileTabular(node.Expression, ctx);
      const operator = recoverBlocker<OperatorPlan>(ctx, () => compileOperator(node.Operator, ctx), () => (input) => input);
      return () => operator(source());
    }
    case 'ParenthesizedExpression':
      return compileTabular(node.Expression, ctx);
    case 'MaterializeExpression': {
      // materialize() (https://learn.microsoft.com/kusto/query/materialize-function): evaluated once per query, then reused.
      const plan = compileTabular(node.Expression, ctx);
      let cached: Relation | undefined;
      return () => (cached ??= plan());
    }
    case 'NameReference':
      return compileTableReference(node, ctx);
    case 'DataTableExpression':
      return compileDataTable(node, ctx);
    case 'UnionOperator': {
      // A leading `union A, B` has no piped input.
      const operator = compileUnion(node, ctx, true);
      return () => operator(Relation.fromArrays([], [], 0));
    }
    case 'FunctionCallExpression': {
      const binding = ctx.lets.get(String(node.Name?.SimpleName ?? ''));
      if (binding?.kind !== 'function') break;
      const args = separated(node.ArgumentList.Expressions).map((a) => compileScalar(a, ctx));
      return userFunctionTable(ctx.expandFunction(binding, args, node), ctx, node);
    }
    case 'ExternalDataExpression':
      // externaldata (https://learn.microsoft.com/kusto/query/externaldata-operator) reads files from storage URLs when the
      // query runs; the local workspace is offline, so a query that needs one is refused rather than run without it.
      return unsupported(ctx, 'externaldata (it reads its rows from a URL, which the offline engine cannot reach)', node);
    case 'PrintOperator': {
      const operator = compileOperator(node, ctx);
      return () => operator(Relation.fromArrays([], [], 1));
    }
  }
  return unsupported(ctx, `tabular expression (${kind})`, node);
}

function userFunctionTable(expansion: FunctionExpansion, ctx: CompileContext, node: BridgeNode): TabularPlan {
  return expansion.kind === 'tabular' ? expansion.plan : unsupported(ctx, 'scalar function used as a table', node);
}

/** A stored table (restricted to the request's timespan) or a tabular `let`. */
function compileTableReference(node: BridgeNode, ctx: CompileContext): TabularPlan {
  const name = String(node.SimpleName);
  const symbolClass = className(node.ReferencedSymbol);
  const binding = ctx.lets.get(name);
  if (symbolClass === 'VariableSymbol' && binding?.kind === 'tabular') return binding.evaluate;
  if (symbolClass === 'FunctionSymbol' && binding?.kind === 'function') return userFunctionTable(ctx.expandFunction(binding, [], node), ctx, node);
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
