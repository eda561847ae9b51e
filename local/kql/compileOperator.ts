/**
 * The registry of piped tabular operators, keyed by the bound operator node's syntax kind. Each operator (or family)
 * lives in `operators/`; supporting a new one is a new file there plus a line here.
 */
import { unsupported, type CompileContext } from './compileContext.js';
import { kindName, type BridgeNode } from './kustoFrontend.js';
import { compileEvaluate } from './operators/evaluate.js';
import { compileExtend } from './operators/extend.js';
import { compileJoin } from './operators/join.js';
import { compileMvExpand } from './operators/mvExpand.js';
import { compileParse } from './operators/parse.js';
import { compileProject, compileProjectKeep, compileProjectRename, compileProjectReorder } from './operators/project.js';
import { compileSerialize } from './operators/serialize.js';
import { compileSort, compileTake, compileTop } from './operators/sortTake.js';
import { compileCount, compileDistinct, compileSummarize } from './operators/summarize.js';
import { compileUnion } from './operators/union.js';
import { compileWhere } from './operators/where.js';
import type { OperatorCompiler, OperatorPlan } from './operators/operatorSupport.js';

const OPERATORS: ReadonlyMap<string, OperatorCompiler> = new Map<string, OperatorCompiler>([
  ['FilterOperator', compileWhere],
  ['ExtendOperator', compileExtend],
  ['ProjectOperator', compileProject],
  ['ProjectAwayOperator', compileProjectKeep],
  ['ProjectKeepOperator', compileProjectKeep],
  ['ProjectRenameOperator', compileProjectRename],
  ['ProjectReorderOperator', compileProjectReorder],
  ['PrintOperator', compileProject],
  ['SummarizeOperator', compileSummarize],
  ['DistinctOperator', compileDistinct],
  ['CountOperator', compileCount],
  ['SortOperator', compileSort],
  ['TopOperator', compileTop],
  ['TakeOperator', compileTake],
  ['JoinOperator', compileJoin],
  ['UnionOperator', (node, ctx) => compileUnion(node, ctx, false)],
  ['MvExpandOperator', compileMvExpand],
  ['ParseOperator', compileParse],
  ['SerializeOperator', compileSerialize],
  ['EvaluateOperator', compileEvaluate],
]);

/** Compiles one piped operator; an operator outside the registry is rejected with its name and position. */
export function compileOperator(node: BridgeNode, ctx: CompileContext): OperatorPlan {
  const kind = kindName(node);
  const compile = OPERATORS.get(kind);
  if (!compile) return unsupported(ctx, `operator '${String(node.GetFirstToken()?.Text ?? kind)}'`, node);
  return compile(node, ctx);
}
