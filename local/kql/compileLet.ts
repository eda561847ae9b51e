/**
 * `let` statements: scalar constants, tabular expressions (evaluated once, on first use) and user-defined functions
 * (https://learn.microsoft.com/kusto/query/let-statement), whose bodies compile at each call (userFunctions.ts).
 */
import { compileScalar } from './compileScalar.js';
import { compileTabular } from './compileTabular.js';
import { isTabular, recoverBlocker, unsupported, type CompileContext, type LetBinding } from './compileContext.js';
import { className, type BridgeNode } from './kustoFrontend.js';
import { Relation } from './Relation.js';

/** Binds one `let` in `ctx.lets`; a let that stops at a blocker binds a placeholder, so its uses add no blockers of their own. */
export function bindLet(statement: BridgeNode, ctx: CompileContext): void {
  const name = String(statement.Name.SimpleName);
  const expression = statement.Expression;
  const tabular = className(expression) !== 'FunctionDeclaration' && isTabular(expression);
  const binding = recoverBlocker<LetBinding>(
    ctx,
    () => compileLet(name, expression, ctx),
    () => (tabular ? { kind: 'tabular', evaluate: () => Relation.fromArrays([], [], 0) } : { kind: 'scalar', value: null, type: 'dynamic' }),
  );
  ctx.lets.set(name, binding);
}

function compileLet(name: string, expression: BridgeNode, ctx: CompileContext): LetBinding {
  if (className(expression) === 'FunctionDeclaration') return { kind: 'function', name, declaration: expression, scope: new Map(ctx.lets) };
  if (isTabular(expression)) {
    const plan = compileTabular(expression, ctx);
    let cached: Relation | undefined;
    return { kind: 'tabular', evaluate: () => (cached ??= plan()) };
  }
  const compiled = compileScalar(expression, ctx);
  if (!compiled.constant) unsupported(ctx, `non-constant scalar let '${name}'`, expression);
  return { kind: 'scalar', value: compiled.constant.value, type: compiled.type };
}
