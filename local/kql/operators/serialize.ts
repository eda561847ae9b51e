/**
 * `serialize` (https://learn.microsoft.com/kusto/query/serialize-operator): marks the input's row order as fixed for
 * window functions. The engine's relations always keep their row order, so a bare `serialize` passes its input through;
 * `serialize name = expression, …` adds columns as `extend` does.
 */
import { separated, type BridgeNode } from '../kustoFrontend.js';
import { compileExtend } from './extend.js';
import type { CompileContext } from '../compileContext.js';
import type { OperatorPlan } from './operatorSupport.js';

/** Compiles `serialize [name = expression, …]`. */
export function compileSerialize(node: BridgeNode, ctx: CompileContext): OperatorPlan {
  if (separated(node.Expressions).length === 0) return (input) => input;
  return compileExtend(node, ctx);
}
