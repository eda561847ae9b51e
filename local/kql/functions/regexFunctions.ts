/**
 * Regex functions (`extract`, `extract_all`, `replace_regex`, `trim*`), per the Kusto scalar function docs; patterns
 * are KQL regexes translated by compileKqlRegex.
 */
import { compileKqlRegexGlobal } from '../compileKqlRegex.js';
import { mapScalars, type CompiledScalar } from '../compiledScalar.js';
import { coerceTo } from '../kqlValues.js';
import { regexArg, stringArg as str, type ScalarFunctions } from './functionSupport.js';
import type { CompileContext } from '../compileContext.js';
import type { BridgeNode } from '../kustoFrontend.js';
import type { KqlType } from '../kqlTypes.js';

function trimFunction(a: CompiledScalar[], node: BridgeNode, ctx: CompileContext, start: boolean, end: boolean): CompiledScalar {
  const regex = regexArg(a, node, ctx, 0);
  return mapScalars(a, 'string', (v) => {
    const r = regex(v);
    const source = `(?:${r.source})`;
    let s = str(a, v, 1);
    if (start) s = s.replace(new RegExp(`^(?:${source})+`, r.flags), '');
    if (end) s = s.replace(new RegExp(`(?:${source})+$`, r.flags), '');
    return s;
  });
}

/** replace_regex (https://learn.microsoft.com/kusto/query/replace-regex-function): every match is replaced; `\n` in the rewrite is capture group n. */
function replaceRegex(
  a: CompiledScalar[],
  node: BridgeNode,
  ctx: CompileContext,
  at: { readonly source: number; readonly regex: number; readonly rewrite: number },
): CompiledScalar {
  const regex = regexArg(a, node, ctx, at.regex);
  return mapScalars(a, 'string', (v) => {
    const global = new RegExp(regex(v).source, `${regex(v).flags}g`);
    return str(a, v, at.source).replace(global, str(a, v, at.rewrite).replace(/\$/g, '$$$$').replace(/\\(\d)/g, '$$$1'));
  });
}

export const regexFunctions: ScalarFunctions = {
  extract: (a, node, ctx, type) => {
    const regex = regexArg(a, node, ctx, 0);
    const target: KqlType = a.length > 3 ? type : 'string';
    return mapScalars(a, type, (v) => {
      const m = regex(v).exec(str(a, v, 2));
      const group = v[1] as number | null;
      const text = m && group !== null ? m[group] : undefined;
      return text === undefined ? (target === 'string' ? '' : null) : coerceTo(text, target);
    });
  },
  extract_all: (a, node, ctx) => {
    regexArg(a, node, ctx, 0); // rejects an unsupported constant pattern at compile time
    const sourceIndex = a.length - 1;
    return mapScalars(a, 'dynamic', (v) => {
      const regex = compileKqlRegexGlobal(String(v[0]));
      const groups = a.length === 3 ? (v[1] as unknown[] | null) : null;
      const out: unknown[] = [];
      for (const m of str(a, v, sourceIndex).matchAll(regex)) {
        const picked = groups ? groups.map((g) => m[g as number]) : m.length > 1 ? m.slice(1) : [m[0]];
        const cells = picked.map((x) => x ?? '');
        out.push(cells.length === 1 ? cells[0] : cells);
      }
      return out.length === 0 ? null : out;
    });
  },
  replace_regex: (a, node, ctx) => replaceRegex(a, node, ctx, { source: 0, regex: 1, rewrite: 2 }),
  // The deprecated replace(regex, rewrite, text) is replace_regex with its arguments in another order (replace function docs).
  replace: (a, node, ctx) => replaceRegex(a, node, ctx, { source: 2, regex: 0, rewrite: 1 }),
  trim: (a, node, ctx) => trimFunction(a, node, ctx, true, true),
  trim_start: (a, node, ctx) => trimFunction(a, node, ctx, true, false),
  trim_end: (a, node, ctx) => trimFunction(a, node, ctx, false, true),
};
