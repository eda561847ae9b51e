/**
 * The shape of a scalar function implementation and the argument readers the function families share.
 */
import { compileKqlRegex } from '../compileKqlRegex.js';
import { evaluationError, type CompileContext } from '../compileContext.js';
import { separated, type BridgeNode } from '../kustoFrontend.js';
import { toKqlString } from '../kqlValues.js';
import type { CompiledScalar } from '../compiledScalar.js';
import type { KqlType } from '../kqlTypes.js';

/**
 * Compiles one call of a function from its compiled arguments; `type` is the call's result type as the binder
 * computed it. Implementations reject unsupported forms at compile time with `unsupported(ctx, …, node)`.
 */
export type ScalarFunction = (args: CompiledScalar[], node: BridgeNode, ctx: CompileContext, type: KqlType) => CompiledScalar;

/** A family of functions keyed by the bound function symbol's name (aliases such as `iif` bind to their own names). */
export type ScalarFunctions = Readonly<Record<string, ScalarFunction>>;

/** Argument `i` of one row's `values` as text. */
export function stringArg(args: readonly CompiledScalar[], values: unknown[], i: number): string {
  return toKqlString(values[i], args[i]!.type);
}

/** Arguments `from`… as text, with dynamic arrays expanded to their elements. */
export function flatStrings(args: readonly CompiledScalar[], values: unknown[], from: number): string[] {
  const out: string[] = [];
  for (let i = from; i < values.length; i++) {
    const v = values[i];
    if (Array.isArray(v)) for (const x of v) out.push(toKqlString(x, 'dynamic'));
    else out.push(stringArg(args, values, i));
  }
  return out;
}

/**
 * The regex in argument `index`: compiled once when constant (so a bad pattern fails at compile time), else per row;
 * an invalid pattern is a query error located at that argument.
 */
export function regexArg(args: readonly CompiledScalar[], node: BridgeNode, ctx: CompileContext, index: number): (values: unknown[]) => RegExp {
  const compile = (pattern: string) => {
    try {
      return compileKqlRegex(pattern);
    } catch (error) {
      throw evaluationError(ctx, (error as Error).message, separated(node.ArgumentList.Expressions)[index], error);
    }
  };
  const c = args[index]!.constant;
  if (c) {
    const regex = compile(String(c.value));
    return () => regex;
  }
  return (values) => compile(String(values[index]));
}

