/**
 * `where` / `filter`: keeps the rows whose condition is true (null and false drop), per the where operator docs.
 */
import { compileScalar } from '../compileScalar.js';
import type { CompileContext } from '../compileContext.js';
import type { BridgeNode } from '../kustoFrontend.js';
import type { OperatorPlan } from './operatorSupport.js';

/** Compiles `where condition`. */
export function compileWhere(node: BridgeNode, ctx: CompileContext): OperatorPlan {
  const condition = compileScalar(node.Condition, ctx);
  return (input) => {
    const fn = condition.plan(input);
    const keep: number[] = [];
    for (let i = 0; i < input.length; i++) if (fn(i) === true) keep.push(i);
    return keep.length === input.length ? input : input.gather(keep);
  };
}
