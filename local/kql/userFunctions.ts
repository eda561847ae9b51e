/**
 * User-defined functions (`let f = (a:long, b:string = "x") { let t = …; T | where … };`), per the let statement and
 * user-defined functions docs (https://learn.microsoft.com/kusto/query/functions/user-defined-functions): a call binds
 * each scalar parameter to its argument (or its default), in a scope holding the `let`s visible where the function was
 * declared, then compiles the body's `let` statements and its final expression.
 */
import { bindLet } from './compileLet.js';
import { compileScalar } from './compileScalar.js';
import { compileTabular } from './compileTabular.js';
import {
  isTabular,
  typeOfSymbol,
  unsupported,
  type CompileContext,
  type FunctionBinding,
  type FunctionExpansion,
  type LetBinding,
} from './compileContext.js';
import { kindName, separated, type BridgeNode } from './kustoFrontend.js';
import type { CompiledScalar } from './compiledScalar.js';

/** `ctx` with its own `let` scope; sub-queries and function calls compiled through it see that scope. */
export function scopedContext(ctx: Omit<CompileContext, 'compileTabular' | 'expandFunction'>, lets: Map<string, LetBinding>): CompileContext {
  const scoped: CompileContext = {
    ...ctx,
    lets,
    compileTabular: (node) => compileTabular(node, scoped),
    expandFunction: (binding, args, call) => expandFunction(binding, args, call, scoped),
  };
  return scoped;
}

function expandFunction(binding: FunctionBinding, args: readonly CompiledScalar[], call: BridgeNode, ctx: CompileContext): FunctionExpansion {
  const lets = new Map(binding.scope);
  const parameters = separated(binding.declaration.Parameters.Parameters);
  if (args.length > parameters.length) unsupported(ctx, `call of '${binding.name}' with ${args.length} arguments`, call);
  parameters.forEach((parameter, i) => {
    const declared = parameter.NameAndType;
    const name = String(declared.Name.SimpleName);
    if (kindName(declared.Type) !== 'PrimitiveTypeExpression') unsupported(ctx, `tabular parameter '${name}' of '${binding.name}'`, parameter);
    const argument = args[i] ?? (parameter.DefaultValue ? compileScalar(parameter.DefaultValue.Value, ctx) : undefined);
    if (!argument) return unsupported(ctx, `call of '${binding.name}' without parameter '${name}'`, call);
    if (!argument.constant) return unsupported(ctx, `non-constant argument for parameter '${name}' of '${binding.name}'`, call);
    lets.set(name, { kind: 'scalar', value: argument.constant.value, type: typeOfSymbol(ctx, declared.Name.ResultType, parameter) });
  });
  const body = binding.declaration.Body;
  const inner = scopedContext(ctx, lets);
  for (const statement of separated(body.Statements)) {
    if (kindName(statement) !== 'LetStatement') unsupported(inner, `statement (${kindName(statement)}) in the body of '${binding.name}'`, statement);
    bindLet(statement, inner);
  }
  const expression = body.Expression;
  return isTabular(expression)
    ? { kind: 'tabular', plan: compileTabular(expression, inner) }
    : { kind: 'scalar', compiled: compileScalar(expression, inner) };
}
