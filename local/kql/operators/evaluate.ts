/**
 * `evaluate` (https://learn.microsoft.com/kusto/query/evaluate-operator): runs a plugin over its input. Plugins are a
 * registry by name, like the operators; any other plugin is refused, naming it.
 */
import { unsupported, type CompileContext } from '../compileContext.js';
import { type BridgeNode } from '../kustoFrontend.js';
import { compileBagUnpack } from './bagUnpack.js';
import type { OperatorCompiler, OperatorPlan } from './operatorSupport.js';

/** A plugin's compiler: the `evaluate` node (its `FunctionCall` names the plugin) in, the rows it produces out. */
const PLUGINS: ReadonlyMap<string, OperatorCompiler> = new Map<string, OperatorCompiler>([['bag_unpack', compileBagUnpack]]);

/**
 * Compiles `evaluate plugin(…)`. Its `hint.*` parameters choose how the service distributes the work, not the result,
 * so they are accepted and have no effect here.
 */
export function compileEvaluate(node: BridgeNode, ctx: CompileContext): OperatorPlan {
  const call = node.FunctionCall;
  const name = String(call?.Name?.SimpleName ?? '');
  const plugin = PLUGINS.get(name);
  if (!plugin) return unsupported(ctx, `plugin '${name || String(node.ToString()).trim()}' of evaluate`, call ?? node);
  return plugin(node, ctx);
}
