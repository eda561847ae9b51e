/**
 * `parse` (`kind=simple|regex|relaxed`, and `flags=` with kind=regex), per the parse operator docs
 * (https://learn.microsoft.com/kusto/query/parse-operator): the pattern becomes one regex whose groups fill the new
 * columns. Flags are the regex flags `i` (case-insensitive), `m` (multi-line), `s` (`.` matches `\n`) and `U`
 * (ungreedy: `*` and the columns match as much as they can instead of as little).
 */
import { compileScalar } from '../compileScalar.js';
import { translateKqlRegex } from '../compileKqlRegex.js';
import { typeOfSymbol, unsupported, type CompileContext } from '../compileContext.js';
import { className, listItems, type BridgeNode } from '../kustoFrontend.js';
import { coerceTo, defaultValue, toKqlString } from '../kqlValues.js';
import { namedParameters, withColumns, type OperatorPlan } from './operatorSupport.js';
import type { KqlColumn, KqlType } from '../kqlTypes.js';

const NUMBER_PATTERNS: Partial<Record<KqlType, string>> = {
  int: '-?\\d+',
  long: '-?\\d+',
  real: '-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?',
};

/** Compiles `parse source with pattern`. */
export function compileParse(node: BridgeNode, ctx: CompileContext): OperatorPlan {
  const params = namedParameters(node.Parameters);
  const mode = (params.get('kind') ?? 'simple').toLowerCase();
  if (mode !== 'simple' && mode !== 'regex' && mode !== 'relaxed') return unsupported(ctx, `parse kind '${mode}'`, node);
  const flags = params.get('flags') ?? '';
  if (flags && mode !== 'regex') return unsupported(ctx, `parse flags with kind=${mode}`, node);
  if (/[^imsU]/.test(flags)) return unsupported(ctx, `parse flags '${flags}'`, node);
  const ungreedy = flags.includes('U');
  const any = ungreedy ? '[\\s\\S]*' : '[\\s\\S]*?';
  const source = compileScalar(node.Expression, ctx);
  const columns: KqlColumn[] = [];
  let pattern = '^';
  const parts = listItems(node.Patterns);
  for (const part of parts) {
    const cls = className(part);
    if (cls === 'StarExpression') pattern += any;
    else if (cls === 'LiteralExpression') {
      const text = String(part.LiteralValue);
      // U swaps every quantifier's greediness; only the generated parts are swapped here, so a quantified piece is refused.
      if (ungreedy && /[*+?{]/.test(text)) unsupported(ctx, 'parse flags=U with a quantifier in the pattern', part);
      pattern += mode === 'regex' ? `(?:${translateKqlRegex(text).source})` : text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    } else if (cls === 'NameAndTypeDeclaration' || cls === 'NameDeclaration') {
      const name = String(cls === 'NameDeclaration' ? part.SimpleName : part.Name.SimpleName);
      const type = cls === 'NameDeclaration' ? 'string' : typeOfSymbol(ctx, part.Name.ResultType, part);
      columns.push({ name, type });
      pattern += `(${NUMBER_PATTERNS[type] ?? any})`;
    } else unsupported(ctx, `parse pattern element (${cls})`, part);
  }
  // [inferred] The generated regex must match the whole text, so a trailing column takes the rest of it.
  const regex = new RegExp(`${pattern}$`, `u${flags.replace('U', '')}`);
  return (input) => {
    const fn = source.plan(input);
    const values = columns.map(() => new Array(input.length));
    for (let row = 0; row < input.length; row++) {
      const m = regex.exec(toKqlString(fn(row), source.type));
      columns.forEach((c, k) => {
        values[k]![row] = m ? coerceTo(m[k + 1] ?? null, c.type) : defaultValue(c.type);
      });
    }
    return withColumns(input, columns.map((column, k) => ({ column, values: values[k]! })));
  };
}
