/**
 * `union isfuzzy=true`, per the union operator docs ("isfuzzy"): "the set of union sources is reduced to the set of
 * table references that exist and are accessible at the time while analyzing the query"; each that is not is a
 * warning in the query status, and the query fails only when none resolves. So the unresolved legs are cut from the
 * text and the rest is bound again, as if they had never been written.
 */
import { QueryError } from '../../src/errors.js';
import { className, describePosition, kindName, separated, type BridgeNode } from './kustoFrontend.js';
import { namedParameters } from './operators/operatorSupport.js';

export interface PrunedQuery {
  readonly text: string;
  /** One per leg cut, naming its table or function. */
  readonly warnings: readonly string[];
}

/** The table or function a union leg reads, when it does not resolve; undefined when it does. */
function unresolvedSource(leg: BridgeNode): string | undefined {
  let source = leg;
  while (kindName(source) === 'PipeExpression' || kindName(source) === 'ParenthesizedExpression') source = source.Expression;
  const kind = kindName(source);
  const symbol = source.ReferencedSymbol ? className(source.ReferencedSymbol) : undefined;
  if (kind === 'NameReference') return symbol === 'TableSymbol' || symbol === 'VariableSymbol' ? undefined : String(source.SimpleName);
  if (kind === 'FunctionCallExpression') return symbol === 'FunctionSymbol' ? undefined : String(source.Name?.SimpleName ?? '');
  return undefined;
}

function walk(node: BridgeNode, visit: (node: BridgeNode) => void): void {
  if (!node) return;
  visit(node);
  const count: number = node.ChildCount ?? 0;
  for (let i = 0; i < count; i++) walk(node.GetChild(i), visit);
}

/** Cuts the unresolved legs of every `union isfuzzy=true` in `text` (bound as `syntax`); throws when a union has none left. */
export function pruneFuzzyUnionLegs(text: string, syntax: BridgeNode): PrunedQuery {
  const cuts: { start: number; end: number; replacement: string }[] = [];
  const warnings: string[] = [];
  walk(syntax, (node) => {
    if (kindName(node) !== 'UnionOperator') return;
    if ((namedParameters(node.Parameters).get('isfuzzy') ?? '').toLowerCase() !== 'true') return;
    const list = node.Expressions;
    const legs = separated(list);
    const unresolved = legs.map(unresolvedSource);
    const kept = unresolved.filter((u) => u === undefined).length;
    // A piped union also has its input; a leading one has only its legs.
    const piped = kindName(node.Parent) === 'PipeExpression' && node.Parent.Operator === node;
    if (kept === 0 && !piped) {
      const position: number = node.TextStart ?? 0;
      throw new QueryError(
        `union: must have at least one operand that can be evaluated successfully when running with 'Fuzzy' mode at ${describePosition(text, position)}`,
        { code: 'SEM0100', position },
      );
    }
    if (kept === legs.length) return;
    for (const name of unresolved) if (name !== undefined) warnings.push(`Failed to resolve table or function expression named '${name}'`);
    // The legs' whole span is rewritten to the kept legs, comma-separated (blank when a piped union keeps none).
    const keptText = legs.filter((_, i) => unresolved[i] === undefined).map((leg) => text.slice(leg.TextStart, leg.End));
    cuts.push({ start: legs[0].TextStart, end: legs[legs.length - 1].End, replacement: keptText.join(', ') });
  });
  if (cuts.length === 0) return { text, warnings };
  let pruned = text;
  // Cut from the end so earlier offsets stay valid. Fuzzy unions nested in each other that both lose legs are refused.
  let limit = Number.POSITIVE_INFINITY;
  for (const cut of cuts.sort((a, b) => b.start - a.start)) {
    if (cut.end > limit) throw new QueryError('Unsupported nested fuzzy unions that both have unresolved legs', { code: 'UnsupportedConstruct', position: cut.start });
    pruned = pruned.slice(0, cut.start) + cut.replacement + pruned.slice(cut.end);
    limit = cut.start;
  }
  return { text: pruned, warnings };
}
