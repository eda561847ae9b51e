/**
 * The scalar functions the engine supports, keyed by the bound function symbol's name (aliases such as `iif` and
 * `notempty` bind to their own names). A call to anything else is rejected with its name and position.
 */
import { compileKqlRegex, compileKqlRegexGlobal } from './compileKqlRegex.js';
import { evaluationError, typeOfNode, typeOfSymbol, unsupported, type CompileContext } from './compileContext.js';
import { compileScalar, constantScalar, type CompiledScalar, type RowFn } from './compileScalar.js';
import { className, separated, type BridgeNode } from './kustoFrontend.js';
import {
  hasAnyIpv4,
  hasAnyIpv4Prefix,
  ipv4IsInAnyRange,
  ipv4IsInRange,
  ipv4IsPrivate,
  parseIpv4,
} from './ipv4Functions.js';
import { coerceTo, parseDatetime, parseTimespan, TICKS_PER_MS, toKqlString, toNumber } from './kqlValues.js';
import type { KqlType } from './kqlTypes.js';

type Values = unknown[];
type Implementation = (args: CompiledScalar[], node: BridgeNode, ctx: CompileContext, type: KqlType) => CompiledScalar;

/** Epoch (1970-01-01) as milliseconds since 0001-01-01, the origin Kusto bins datetimes against. */
const EPOCH_OFFSET_MS = 62_135_596_800_000;

/** Applies `f` to the argument values row by row (folded to a constant when every argument is constant). */
function mapN(args: CompiledScalar[], type: KqlType, f: (values: Values) => unknown): CompiledScalar {
  if (args.every((a) => a.constant)) return constantScalar(f(args.map((a) => a.constant!.value)), type);
  return {
    type,
    plan: (input) => {
      const fns = args.map((a) => a.plan(input));
      const n = fns.length;
      if (n === 1) {
        const f0 = fns[0]!;
        return (row) => f([f0(row)]);
      }
      return (row) => {
        const values = new Array(n);
        for (let i = 0; i < n; i++) values[i] = fns[i]!(row);
        return f(values);
      };
    },
  };
}

function str(args: CompiledScalar[], values: Values, i: number): string {
  return toKqlString(values[i], args[i]!.type);
}

function flatStrings(args: CompiledScalar[], values: Values, from: number): string[] {
  const out: string[] = [];
  for (let i = from; i < values.length; i++) {
    const v = values[i];
    if (Array.isArray(v)) for (const x of v) out.push(toKqlString(x, 'dynamic'));
    else out.push(str(args, values, i));
  }
  return out;
}

function regexArg(args: CompiledScalar[], node: BridgeNode, ctx: CompileContext, index: number): (values: Values) => RegExp {
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

function toInteger(value: unknown, type: KqlType): number | null {
  const n = toNumber(value, type);
  return n === null || !Number.isFinite(n) ? null : Math.trunc(n);
}

function binValue(value: unknown, size: unknown, valueType: KqlType): unknown {
  if (value === null || size === null || typeof size !== 'number' || size <= 0) return null;
  const v = value as number;
  if (valueType === 'datetime') {
    const sizeMs = size / TICKS_PER_MS;
    return Math.floor((v + EPOCH_OFFSET_MS) / sizeMs) * sizeMs - EPOCH_OFFSET_MS;
  }
  return Math.floor(v / size) * size;
}

function parseJson(value: unknown, type: KqlType): unknown {
  if (type !== 'string') return value;
  const text = value as string;
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const FUNCTIONS: Record<string, Implementation> = {
  not: (a) => mapN(a, 'bool', ([v]) => (v === null ? null : !v)),
  isnull: (a) => mapN(a, 'bool', ([v]) => v === null || v === undefined),
  isnotnull: (a) => mapN(a, 'bool', ([v]) => !(v === null || v === undefined)),
  isempty: (a) => mapN(a, 'bool', ([v]) => v === null || v === ''),
  isnotempty: (a) => mapN(a, 'bool', ([v]) => !(v === null || v === '')),
  notempty: (a) => mapN(a, 'bool', ([v]) => !(v === null || v === '')),
  strlen: (a) => mapN(a, 'long', (v) => str(a, v, 0).length),
  tolower: (a) => mapN(a, 'string', (v) => str(a, v, 0).toLowerCase()),
  toupper: (a) => mapN(a, 'string', (v) => str(a, v, 0).toUpperCase()),
  tostring: (a) => mapN(a, 'string', (v) => str(a, v, 0)),
  strcat: (a) => mapN(a, 'string', (v) => v.map((_, i) => str(a, v, i)).join('')),
  toint: (a) => mapN(a, 'int', ([v]) => toInteger(v, a[0]!.type)),
  tolong: (a) => mapN(a, 'long', ([v]) => toInteger(v, a[0]!.type)),
  todouble: (a) => mapN(a, 'real', ([v]) => toNumber(v, a[0]!.type)),
  toreal: (a) => mapN(a, 'real', ([v]) => toNumber(v, a[0]!.type)),
  tobool: (a) => mapN(a, 'bool', ([v]) => coerceTo(v, 'bool')),
  todatetime: (a) =>
    mapN(a, 'datetime', ([v]) =>
      v === null ? null : a[0]!.type === 'datetime' ? v : typeof v === 'string' ? parseDatetime(v) : null,
    ),
  totimespan: (a) =>
    mapN(a, 'timespan', ([v]) =>
      v === null ? null : a[0]!.type === 'timespan' ? v : typeof v === 'string' ? parseTimespan(v) : null,
    ),
  parse_json: (a) => mapN(a, 'dynamic', ([v]) => parseJson(v, a[0]!.type)),
  todynamic: (a) => mapN(a, 'dynamic', ([v]) => parseJson(v, a[0]!.type)),
  array_length: (a) => mapN(a, 'long', ([v]) => (Array.isArray(v) ? v.length : null)),
  pack_array: (a) => mapN(a, 'dynamic', (v) => v.slice()),
  set_has_element: (a) =>
    mapN(a, 'bool', ([arr, x]) => (Array.isArray(arr) ? arr.some((e) => JSON.stringify(e) === JSON.stringify(x)) : null)),
  split: (a) =>
    mapN(a, 'dynamic', (v) => {
      const parts = str(a, v, 0).split(str(a, v, 1));
      if (v.length < 3) return parts;
      const i = v[2] as number | null;
      if (i === null) return null;
      const part = parts[i < 0 ? parts.length + i : i];
      return part === undefined ? [] : [part];
    }),
  substring: (a) =>
    mapN(a, 'string', (v) => {
      const s = str(a, v, 0);
      const start = Math.max(0, (v[1] as number | null) ?? 0);
      const length = v.length > 2 ? (v[2] as number | null) : null;
      return length === null ? s.slice(start) : s.slice(start, start + Math.max(0, length));
    }),
  indexof: (a, node, ctx) => {
    if (a.length > 3) unsupported(ctx, 'indexof with length or occurrence arguments', node);
    return mapN(a, 'long', (v) => {
      const s = str(a, v, 0);
      const start = v.length > 2 ? ((v[2] as number | null) ?? 0) : 0;
      if (start < 0 || start > s.length) return null;
      return s.indexOf(str(a, v, 1), start);
    });
  },
  replace_string: (a) =>
    mapN(a, 'string', (v) => {
      const lookup = str(a, v, 1);
      return lookup === '' ? str(a, v, 0) : str(a, v, 0).split(lookup).join(str(a, v, 2));
    }),
  base64_decode_tostring: (a) =>
    mapN(a, 'string', (v) => {
      const s = str(a, v, 0);
      if (!BASE64.test(s) || s.length % 4 === 1) return '';
      return Buffer.from(s, 'base64').toString('utf8');
    }),
  coalesce: (a) =>
    mapN(a, a[0]!.type, (v) => {
      for (const x of v) if (x !== null && x !== undefined && x !== '') return x;
      return a[0]!.type === 'string' ? '' : null;
    }),
  ipv4_is_private: (a) => mapN(a, 'bool', (v) => ipv4IsPrivate(str(a, v, 0))),
  ipv4_is_in_range: (a) => mapN(a, 'bool', (v) => ipv4IsInRange(str(a, v, 0), str(a, v, 1))),
  ipv4_is_in_any_range: (a) => mapN(a, 'bool', (v) => ipv4IsInAnyRange(str(a, v, 0), flatStrings(a, v, 1))),
  has_any_ipv4_prefix: (a) => mapN(a, 'bool', (v) => hasAnyIpv4Prefix(str(a, v, 0), flatStrings(a, v, 1))),
  has_ipv4_prefix: (a) => mapN(a, 'bool', (v) => hasAnyIpv4Prefix(str(a, v, 0), flatStrings(a, v, 1))),
  has_ipv4: (a) => mapN(a, 'bool', (v) => hasAnyIpv4(str(a, v, 0), flatStrings(a, v, 1))),
  has_any_ipv4: (a) => mapN(a, 'bool', (v) => hasAnyIpv4(str(a, v, 0), flatStrings(a, v, 1))),
  parse_ipv4: (a) => mapN(a, 'long', (v) => parseIpv4(str(a, v, 0))),
  ago: (a, _n, ctx) => mapN(a, 'datetime', ([t]) => (t === null ? null : ctx.nowMs - (t as number) / TICKS_PER_MS)),
  now: (a, _n, ctx) =>
    a.length === 0
      ? constantScalar(ctx.nowMs, 'datetime')
      : mapN(a, 'datetime', ([t]) => (t === null ? null : ctx.nowMs + (t as number) / TICKS_PER_MS)),
  bin: (a) => mapN(a, a[0]!.type, ([v, size]) => binValue(v, size, a[0]!.type)),
  floor: (a) => mapN(a, a[0]!.type, ([v, size]) => binValue(v, size, a[0]!.type)),
  startofday: (a) => mapN(a, 'datetime', ([v]) => binValue(v, 864_000_000_000, 'datetime')),
  iff: conditional,
  iif: conditional,
  case: (a, node, ctx) => compileCase(a, node, ctx),
  extract: (a, node, ctx, type) => {
    const regex = regexArg(a, node, ctx, 0);
    const target: KqlType = a.length > 3 ? type : 'string';
    return mapN(a, type, (v) => {
      const m = regex(v).exec(str(a, v, 2));
      const group = v[1] as number | null;
      const text = m && group !== null ? m[group] : undefined;
      return text === undefined ? (target === 'string' ? '' : null) : coerceTo(text, target);
    });
  },
  extract_all: (a, node, ctx) => {
    regexArg(a, node, ctx, 0); // rejects an unsupported constant pattern at compile time
    const sourceIndex = a.length - 1;
    return mapN(a, 'dynamic', (v) => {
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
  replace_regex: (a, node, ctx) => {
    const regex = regexArg(a, node, ctx, 1);
    return mapN(a, 'string', (v) => {
      const global = new RegExp(regex(v).source, `${regex(v).flags}g`);
      return str(a, v, 0).replace(global, str(a, v, 2).replace(/\$/g, '$$$$').replace(/\\(\d)/g, '$$$1'));
    });
  },
  trim: (a, node, ctx) => trimFunction(a, node, ctx, true, true),
  trim_start: (a, node, ctx) => trimFunction(a, node, ctx, true, false),
  trim_end: (a, node, ctx) => trimFunction(a, node, ctx, false, true),
};

function trimFunction(a: CompiledScalar[], node: BridgeNode, ctx: CompileContext, start: boolean, end: boolean): CompiledScalar {
  const regex = regexArg(a, node, ctx, 0);
  return mapN(a, 'string', (v) => {
    const r = regex(v);
    const source = `(?:${r.source})`;
    let s = str(a, v, 1);
    if (start) s = s.replace(new RegExp(`^(?:${source})+`, r.flags), '');
    if (end) s = s.replace(new RegExp(`(?:${source})+$`, r.flags), '');
    return s;
  });
}

function conditional(a: CompiledScalar[], _node: BridgeNode, _ctx: CompileContext, type: KqlType): CompiledScalar {
  const [c, x, y] = a as [CompiledScalar, CompiledScalar, CompiledScalar];
  if (c.constant) return c.constant.value === true ? x : y;
  return {
    type,
    plan: (input) => {
      const fc = c.plan(input);
      const fx = x.plan(input);
      const fy = y.plan(input);
      // Only the chosen branch runs; a null condition picks the else branch.
      return (row) => (fc(row) === true ? fx(row) : fy(row));
    },
  };
}

function compileCase(a: CompiledScalar[], _node: BridgeNode, _ctx: CompileContext): CompiledScalar {
  const type = a[a.length - 1]!.type;
  return {
    type,
    plan: (input) => {
      const fns = a.map((x) => x.plan(input));
      const last = fns.length - 1;
      return (row) => {
        for (let i = 0; i < last; i += 2) if (fns[i]!(row) === true) return fns[i + 1]!(row);
        return fns[last]!(row);
      };
    },
  };
}

/** Compiles a scalar function call (aggregates are handled by summarize, not here). */
export function compileFunctionCall(node: BridgeNode, ctx: CompileContext): CompiledScalar {
  const symbol = node.ReferencedSymbol;
  const name = String(symbol?.Name ?? node.Name?.SimpleName ?? '?');
  const implementation = FUNCTIONS[name];
  if (!implementation || (symbol && className(symbol) !== 'FunctionSymbol')) {
    return unsupported(ctx, `function '${name}'`, node);
  }
  const argNodes = separated(node.ArgumentList.Expressions);
  const args = argNodes.map((n) =>
    className(n) === 'TypeOfLiteralExpression'
      ? constantScalar(typeOfSymbol(ctx, n.ReferencedSymbol ?? n.ResultType, n), 'string')
      : compileScalar(n, ctx),
  );
  const type = typeOfNode(ctx, node);
  return implementation(args, node, ctx, type);
}

/** Names of the supported scalar functions (for the README and error messages). */
export const SUPPORTED_FUNCTIONS: readonly string[] = Object.keys(FUNCTIONS).sort();
