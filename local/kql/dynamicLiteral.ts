/**
 * The value of a `dynamic(…)` literal, read from its syntax tree rather than from its text: KQL's grammar is not JSON
 * (single-quoted and verbatim strings, `datetime(…)`/`timespan` literals, unary minus), so `JSON.parse` rejects valid
 * literals such as `dynamic(['a.exe', 'b.exe'])`.
 *
 * Per the dynamic data type docs (https://learn.microsoft.com/kusto/query/scalar-data-types/dynamic): a literal is an
 * array of literals, a property bag, a scalar, or null; values JSON cannot represent (datetime, timespan, guid) are held
 * as their string form, as the service serializes them.
 */
import { unsupported, type CompileContext } from './compileContext.js';
import { className, kindName, separated, type BridgeNode } from './kustoFrontend.js';
import { toKqlString } from './kqlValues.js';
import type { CompiledScalar } from './compiledScalar.js';

/** Compiles a scalar literal (compileScalar, passed in so that this module need not import the expression compiler). */
export type CompileLiteral = (node: BridgeNode, ctx: CompileContext) => CompiledScalar;

/** The JSON value of the expression inside `dynamic(…)`; anything but a literal is rejected with its position. */
export function dynamicLiteralValue(node: BridgeNode, ctx: CompileContext, compileLiteral: CompileLiteral): unknown {
  switch (kindName(node)) {
    case 'JsonArrayExpression':
      return separated(node.Values).map((value) => dynamicLiteralValue(value, ctx, compileLiteral));
    case 'JsonObjectExpression': {
      const bag: Record<string, unknown> = {};
      for (const pair of separated(node.Pairs)) bag[String(pair.Name.ValueText)] = dynamicLiteralValue(pair.Value, ctx, compileLiteral);
      return bag;
    }
    case 'NullLiteralExpression':
      return null;
    case 'UnaryMinusExpression':
    case 'UnaryPlusExpression':
      return scalarValue(node, ctx, compileLiteral);
  }
  if (className(node) === 'LiteralExpression') return scalarValue(node, ctx, compileLiteral);
  return unsupported(ctx, `dynamic literal element '${String(node.ToString()).trim()}'`, node);
}

function scalarValue(node: BridgeNode, ctx: CompileContext, compileLiteral: CompileLiteral): unknown {
  const compiled = compileLiteral(node, ctx);
  if (!compiled.constant) return unsupported(ctx, `dynamic literal element '${String(node.ToString()).trim()}'`, node);
  const { value } = compiled.constant;
  if (value === null) return null;
  switch (compiled.type) {
    case 'datetime':
    case 'timespan':
    case 'guid':
      return toKqlString(value, compiled.type);
    default:
      return value;
  }
}
