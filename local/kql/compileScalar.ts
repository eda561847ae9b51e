/**
 * Compiles bound scalar expressions into closures: `plan(relation)` fetches the referenced columns once and returns a
 * per-row function. Null semantics follow the Kusto docs (null-values): strings are never null, comparisons with null give
 * null (except ==/!= with one null), `and`/`or` are three-valued, `where` keeps only true.
 */
import { compileKqlRegex } from './compileKqlRegex.js';
import { evaluationError, isTabular, recoverBlocker, typeOfNode, typeOfSymbol, unsupported, type CompileContext, type FunctionBinding } from './compileContext.js';
import { constantScalar, type CompiledScalar } from './compiledScalar.js';
import { dynamicLiteralValue } from './dynamicLiteral.js';
import { className, kindName, positionalArguments, separated, type BridgeNode } from './kustoFrontend.js';
import { compareNonNull, TICKS_PER_MS, toDynamicValue, toKqlString } from './kqlValues.js';
import { SCALAR_FUNCTIONS } from './scalarFunctions.js';
import { fold, hasLowered, hasTerm } from './stringPredicates.js';
import type { Relation } from './Relation.js';
import type { KqlType } from './kqlTypes.js';

function realLiteral(text: string): number | null {
  // Bridge gives 0 for real(nan) and real(±inf), so read the token text.
  const m = /^real\((.*)\)$/i.exec(text.trim());
  const inner = (m ? m[1]! : text).trim().toLowerCase();
  if (inner === 'null') return null;
  if (inner === 'nan') return Number.NaN;
  if (inner === 'inf' || inner === '+inf') return Infinity;
  if (inner === '-inf') return -Infinity;
  return Number(inner);
}

function literalValue(ctx: CompileContext, node: BridgeNode, type: KqlType): unknown {
  if (type === 'real' && kindName(node) === 'RealLiteralExpression') return realLiteral(String(node.Token.Text));
  const v = node.LiteralValue;
  if (v === null || v === undefined) return type === 'string' ? '' : null;
  switch (type) {
    case 'string':
      return String(v);
    case 'bool':
      return Boolean(v.valueOf());
    case 'int':
    case 'long':
    case 'real':
    case 'decimal':
      return typeof v.toNumber === 'function' ? v.toNumber() : Number(v.valueOf());
    case 'datetime': {
      const d = v.valueOf();
      return d instanceof Date ? d.getTime() : new Date(d).getTime();
    }
    case 'timespan':
      return v.getTicks().toNumber();
    case 'guid':
      return String(v.toString()).toLowerCase();
    default:
      return unsupported(ctx, `literal of type ${type}`, node);
  }
}

function toStringFn(compiled: CompiledScalar, input: Relation): (row: number) => string {
  const fn = compiled.plan(input);
  if (compiled.type === 'string') return fn as (row: number) => string;
  const type = compiled.type;
  return (row) => toKqlString(fn(row), type);
}

function dynamicEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

function flattenConstants(values: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    // Element by element: a dynamic array may be longer than push(...spread) can take as arguments.
    if (Array.isArray(v)) for (const element of v) out.push(element);
    else out.push(v);
  }
  return out;
}

/**
 * Compiles one bound scalar expression. A blocker inside it is recorded and stands in as a null constant, so that the
 * rest of the query is still checked and the query's error names every blocker.
 */
export function compileScalar(node: BridgeNode, ctx: CompileContext): CompiledScalar {
  return recoverBlocker(
    ctx,
    () => compileScalarNode(node, ctx),
    () => constantScalar(null, placeholderType(node)),
  );
}

function placeholderType(node: BridgeNode): KqlType {
  const name = String(node?.ResultType?.Name ?? '');
  return (['string', 'int', 'long', 'real', 'decimal', 'bool', 'datetime', 'timespan', 'guid'] as const).find((t) => t === name) ?? 'dynamic';
}

function compileScalarNode(node: BridgeNode, ctx: CompileContext): CompiledScalar {
  const kind = kindName(node);
  const cls = className(node);
  if (cls === 'LiteralExpression') {
    const type = typeOfNode(ctx, node);
    return constantScalar(literalValue(ctx, node, type), type);
  }
  switch (kind) {
    case 'DynamicExpression':
      return constantScalar(dynamicLiteralValue(node.Expression, ctx, compileScalar), 'dynamic');
    case 'ParenthesizedExpression':
      return compileScalar(node.Expression, ctx);
    case 'NameReference':
      return compileNameReference(node, ctx);
    case 'FunctionCallExpression':
      return compileFunctionCall(node, ctx);
    case 'PathExpression':
    case 'ElementExpression':
      return compileMemberAccess(node, ctx, kind);
    case 'UnaryMinusExpression':
    case 'UnaryPlusExpression': {
      const operand = compileScalar(node.Expression, ctx);
      if (kind === 'UnaryPlusExpression') return operand;
      return map1(operand, typeOfNode(ctx, node), (v) => (v === null ? null : -(v as number)));
    }
    case 'AndExpression':
    case 'OrExpression':
      return compileLogical(node, ctx, kind === 'AndExpression');
    case 'BetweenExpression':
    case 'NotBetweenExpression':
      return compileBetween(node, ctx, kind === 'NotBetweenExpression');
    case 'HasAnyExpression':
    case 'HasAllExpression':
      return compileHasAnyAll(node, ctx, kind === 'HasAllExpression');
    case 'ToScalarExpression':
      return compileToScalar(node, ctx);
  }
  if (cls === 'InExpression') return compileIn(node, ctx);
  if (cls === 'BinaryExpression') return compileBinary(node, ctx, String(node.Operator.Text));
  return unsupported(ctx, `expression '${String(node.ToString()).trim()}' (${kind})`, node);
}

function compileNameReference(node: BridgeNode, ctx: CompileContext): CompiledScalar {
  const symbol = node.ReferencedSymbol;
  const symbolClass = symbol ? className(symbol) : '';
  const name = String(node.SimpleName);
  if (symbolClass === 'ColumnSymbol') {
    if (String(node.ResultType?.Name) === 'unknown') return compileOpenColumn(node, ctx, name);
    const type = typeOfNode(ctx, node);
    return {
      type,
      plan: (input) => {
        const index = input.indexOf(name);
        if (index < 0) unsupported(ctx, `reference to column '${name}' that this engine did not produce`, node);
        const values = input.column(index);
        return (row) => values[row];
      },
    };
  }
  const binding = ctx.lets.get(name);
  if ((symbolClass === 'VariableSymbol' || symbolClass === 'ParameterSymbol') && binding?.kind === 'scalar') {
    return constantScalar(binding.value, binding.type);
  }
  if (symbolClass === 'FunctionSymbol' && binding?.kind === 'function') return userFunctionScalar(binding, [], node, ctx);
  return unsupported(ctx, `reference to '${name}' (${symbolClass || 'unknown symbol'})`, node);
}

/**
 * A column the binder could not type because it comes from an open schema (the columns of `evaluate bag_unpack` depend
 * on the data): read as dynamic, whatever type the column has when the query runs. A column the data did not produce is
 * a query error, as on the service, where such a reference fails to resolve.
 */
function compileOpenColumn(node: BridgeNode, ctx: CompileContext, name: string): CompiledScalar {
  return {
    type: 'dynamic',
    plan: (input) => {
      const index = input.indexOf(name);
      if (index < 0) throw evaluationError(ctx, `Failed to resolve column '${name}': the input's columns, which depend on the data, do not include it`, node);
      const type = input.columns[index]!.type;
      const values = input.column(index);
      return type === 'datetime' || type === 'timespan' ? (row) => toDynamicValue(values[row], type) : (row) => values[row];
    },
  };
}

/** A scalar function call (aggregates are summarize's, not here), implemented by the SCALAR_FUNCTIONS registry. */
function compileFunctionCall(node: BridgeNode, ctx: CompileContext): CompiledScalar {
  const symbol = node.ReferencedSymbol;
  const name = String(symbol?.Name ?? node.Name?.SimpleName ?? '?');
  const binding = ctx.lets.get(name);
  if (binding?.kind === 'function') {
    return userFunctionScalar(binding, separated(node.ArgumentList.Expressions).map((n) => compileScalar(n, ctx)), node, ctx);
  }
  const implementation = SCALAR_FUNCTIONS.get(name);
  // Arguments first, so that blockers inside them are reported too.
  const argNodes = positionalArguments(node);
  if (!argNodes) return unsupported(ctx, `named arguments of '${name}'`, node);
  const args = argNodes.map((n) =>
    className(n) === 'TypeOfLiteralExpression'
      ? constantScalar(typeOfSymbol(ctx, n.ReferencedSymbol ?? n.ResultType, n), 'string')
      : compileScalar(n, ctx),
  );
  if (!implementation || (symbol && className(symbol) !== 'FunctionSymbol')) {
    return unsupported(ctx, `function '${name}'`, node);
  }
  const type = typeOfNode(ctx, node);
  return implementation(args, node, ctx, type);
}

/**
 * toscalar (https://learn.microsoft.com/kusto/query/toscalar-function): the first column of the first row of a tabular
 * expression, evaluated once per query; null (or "" for a string) when the table is empty.
 */
function compileToScalar(node: BridgeNode, ctx: CompileContext): CompiledScalar {
  const plan = ctx.compileTabular(node.Expression);
  const type = typeOfNode(ctx, node);
  let value: { readonly v: unknown } | undefined;
  const evaluate = (): unknown => {
    if (!value) {
      const relation = plan();
      const cell = relation.columns.length > 0 && relation.length > 0 ? relation.column(0)[0] : undefined;
      value = { v: cell === undefined || cell === null ? (type === 'string' ? '' : null) : cell };
    }
    return value.v;
  };
  return {
    type,
    plan: () => {
      const v = evaluate();
      return () => v;
    },
  };
}

function userFunctionScalar(binding: FunctionBinding, args: CompiledScalar[], node: BridgeNode, ctx: CompileContext): CompiledScalar {
  const expansion = ctx.expandFunction(binding, args, node);
  return expansion.kind === 'scalar' ? expansion.compiled : unsupported(ctx, 'tabular function used as a scalar', node);
}

function map1(operand: CompiledScalar, type: KqlType, f: (v: unknown) => unknown): CompiledScalar {
  if (operand.constant) return constantScalar(f(operand.constant.value), type);
  return {
    type,
    plan: (input) => {
      const fn = operand.plan(input);
      return (row) => f(fn(row));
    },
  };
}

/** Combines two operands row by row; folds to a constant when both are constant. */
function map2(
  a: CompiledScalar,
  b: CompiledScalar,
  type: KqlType,
  f: (x: unknown, y: unknown) => unknown,
): CompiledScalar {
  if (a.constant && b.constant) return constantScalar(f(a.constant.value, b.constant.value), type);
  if (b.constant) {
    const c = b.constant.value;
    return {
      type,
      plan: (input) => {
        const fa = a.plan(input);
        return (row) => f(fa(row), c);
      },
    };
  }
  return {
    type,
    plan: (input) => {
      const fa = a.plan(input);
      const fb = b.plan(input);
      return (row) => f(fa(row), fb(row));
    },
  };
}

function compileLogical(node: BridgeNode, ctx: CompileContext, isAnd: boolean): CompiledScalar {
  const left = compileScalar(node.Left, ctx);
  const right = compileScalar(node.Right, ctx);
  return {
    type: 'bool',
    plan: (input) => {
      const fl = left.plan(input);
      const fr = right.plan(input);
      // Short-circuit, with SQL-style three-valued logic: false and null = false, true or null = true.
      return isAnd
        ? (row) => {
            const l = fl(row);
            if (l === false) return false;
            const r = fr(row);
            if (r === false) return false;
            return l === null || r === null ? null : true;
          }
        : (row) => {
            const l = fl(row);
            if (l === true) return true;
            const r = fr(row);
            if (r === true) return true;
            return l === null || r === null ? null : false;
          };
    },
  };
}

function compileBetween(node: BridgeNode, ctx: CompileContext, negate: boolean): CompiledScalar {
  const value = compileScalar(node.Left, ctx);
  const low = compileScalar(node.Right.First, ctx);
  const high = compileScalar(node.Right.Second, ctx);
  const lowAdjust = mixedTimeAdjust(value.type, low.type);
  const highAdjust = mixedTimeAdjust(value.type, high.type);
  return {
    type: 'bool',
    plan: (input) => {
      const fv = value.plan(input);
      const fl = low.plan(input);
      const fh = high.plan(input);
      return (row) => {
        const v = fv(row);
        let l = fl(row);
        let h = fh(row);
        if (v === null || l === null || h === null) return null;
        // `datetime between (start .. 1d)`: a timespan upper bound is relative to the lower one.
        if (highAdjust) h = (l as number) + (h as number) / TICKS_PER_MS;
        if (lowAdjust) l = (v as number) + (l as number) / TICKS_PER_MS;
        const inside = compareNonNull(v, l) >= 0 && compareNonNull(v, h) <= 0;
        return negate ? !inside : inside;
      };
    },
  };
}

function mixedTimeAdjust(valueType: KqlType, boundType: KqlType): boolean {
  return valueType === 'datetime' && boundType === 'timespan';
}

/** Constant list operands of in/has_any, flattened (dynamic arrays expand); undefined if any is not constant. */
function constantList(nodes: BridgeNode[], ctx: CompileContext): unknown[] | undefined {
  const values: unknown[] = [];
  for (const n of nodes) {
    if (isTabular(n)) return undefined;
    const c = compileScalar(n, ctx);
    if (!c.constant) return undefined;
    values.push(c.constant.value);
  }
  return flattenConstants(values);
}

function listOperand(node: BridgeNode, ctx: CompileContext, operatorName: string): () => unknown[] {
  const items = separated(node.Right.Expressions);
  const constant = constantList(items, ctx);
  if (constant) return () => constant;
  if (items.length === 1 && isTabular(items[0])) {
    const plan = ctx.compileTabular(items[0]);
    let cached: unknown[] | undefined;
    return () => {
      if (!cached) {
        const relation = plan();
        cached = relation.columns.length > 0 ? relation.column(0).slice() : [];
      }
      return cached;
    };
  }
  return unsupported(ctx, `non-constant right-hand side of '${operatorName}'`, node.Right);
}

function compileIn(node: BridgeNode, ctx: CompileContext): CompiledScalar {
  const op = String(node.Operator.Text);
  const negate = op.startsWith('!');
  const caseInsensitive = op.endsWith('~');
  const left = compileScalar(node.Left, ctx);
  const values = listOperand(node, ctx, op);
  return {
    type: 'bool',
    plan: (input) => {
      const list = values();
      const fl = left.plan(input);
      if (left.type === 'string' || caseInsensitive) {
        const set = new Set(list.map((v) => (caseInsensitive ? fold(toKqlString(v, 'dynamic')) : toKqlString(v, 'dynamic'))));
        const fs = toStringFn(left, input);
        return (row) => {
          const s = fs(row);
          const hit = set.has(caseInsensitive ? fold(s) : s);
          return negate ? !hit : hit;
        };
      }
      const set = new Set(list);
      return (row) => {
        const v = fl(row);
        if (v === null) return negate ? true : false;
        const hit = set.has(v) || (typeof v === 'object' && list.some((x) => dynamicEquals(x, v)));
        return negate ? !hit : hit;
      };
    },
  };
}

function compileHasAnyAll(node: BridgeNode, ctx: CompileContext, all: boolean): CompiledScalar {
  const left = compileScalar(node.Left, ctx);
  const values = listOperand(node, ctx, all ? 'has_all' : 'has_any');
  return {
    type: 'bool',
    plan: (input) => {
      const needles = values()
        .map((v) => fold(toKqlString(v, 'dynamic')))
        .filter((n) => n.length > 0);
      const fs = toStringFn(left, input);
      return all
        ? (row) => {
            const h = fold(fs(row));
            return needles.length > 0 && needles.every((n) => hasLowered(h, n));
          }
        : (row) => {
            const h = fold(fs(row));
            for (const n of needles) if (hasLowered(h, n)) return true;
            return false;
          };
    },
  };
}

type StringPredicate = (haystack: string, needle: string) => boolean;

const STRING_OPERATORS: Record<string, StringPredicate> = {
  has: (h, n) => hasTerm(h, n, false),
  has_cs: (h, n) => hasTerm(h, n, true),
  hasprefix: (h, n) => hasTerm(h, n, false, 'start'),
  hasprefix_cs: (h, n) => hasTerm(h, n, true, 'start'),
  hassuffix: (h, n) => hasTerm(h, n, false, 'end'),
  hassuffix_cs: (h, n) => hasTerm(h, n, true, 'end'),
  contains: (h, n) => fold(h).includes(fold(n)),
  contains_cs: (h, n) => h.includes(n),
  startswith: (h, n) => fold(h).startsWith(fold(n)),
  startswith_cs: (h, n) => h.startsWith(n),
  endswith: (h, n) => fold(h).endsWith(fold(n)),
  endswith_cs: (h, n) => h.endsWith(n),
  '=~': (h, n) => fold(h) === fold(n),
};

function compileBinary(node: BridgeNode, ctx: CompileContext, op: string): CompiledScalar {
  const left = compileScalar(node.Left, ctx);
  const right = compileScalar(node.Right, ctx);
  const type = typeOfNode(ctx, node);
  const bare = op.startsWith('!') ? op.slice(1) : op;
  const negate = op.startsWith('!') && op !== '!=';
  const predicate = STRING_OPERATORS[bare] ?? (op === '!~' ? STRING_OPERATORS['=~'] : undefined);
  if (predicate) {
    const neg = negate || op === '!~';
    return stringBinary(left, right, (h, n) => (neg ? !predicate(h, n) : predicate(h, n)));
  }
  if (op === 'matches regex') {
    if (right.constant) {
      const regex = compileKqlRegex(String(right.constant.value));
      return stringBinary(left, right, (h) => regex.test(h));
    }
    return stringBinary(left, right, (h, n) => compileKqlRegex(n).test(h));
  }
  switch (op) {
    case '==':
    case '!=':
      return compileEquality(left, right, op === '!=');
    case '<':
    case '<=':
    case '>':
    case '>=':
      return map2(left, right, 'bool', (a, b) => {
        if (a === null || b === null) return null;
        const c = compareNonNull(a, b);
        return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
      });
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
      return compileArithmetic(node, ctx, op, left, right, type);
  }
  return unsupported(ctx, `operator '${op}'`, node);
}

function stringBinary(left: CompiledScalar, right: CompiledScalar, f: StringPredicate): CompiledScalar {
  if (left.constant && right.constant) {
    return constantScalar(f(toKqlString(left.constant.value, left.type), toKqlString(right.constant.value, right.type)), 'bool');
  }
  if (right.constant) {
    const needle = toKqlString(right.constant.value, right.type);
    return {
      type: 'bool',
      plan: (input) => {
        const fs = toStringFn(left, input);
        return (row) => f(fs(row), needle);
      },
    };
  }
  return {
    type: 'bool',
    plan: (input) => {
      const fs = toStringFn(left, input);
      const fn = toStringFn(right, input);
      return (row) => f(fs(row), fn(row));
    },
  };
}

function compileEquality(left: CompiledScalar, right: CompiledScalar, notEqual: boolean): CompiledScalar {
  const stringy = left.type === 'string' || right.type === 'string';
  const lt = left.type;
  const rt = right.type;
  return map2(left, right, 'bool', (a, b) => {
    if (stringy) {
      // A dynamic or other operand compared with a string compares as text.
      const sa = lt === 'string' ? (a as string) : a === null ? null : toKqlString(a, lt);
      const sb = rt === 'string' ? (b as string) : b === null ? null : toKqlString(b, rt);
      if (sa === null || sb === null) return sa === sb ? null : notEqual;
      return notEqual ? sa !== sb : sa === sb;
    }
    if (a === null || b === null) return a === b ? null : notEqual;
    const eq = dynamicEquals(a, b);
    return notEqual ? !eq : eq;
  });
}

function compileArithmetic(
  node: BridgeNode,
  ctx: CompileContext,
  op: string,
  left: CompiledScalar,
  right: CompiledScalar,
  type: KqlType,
): CompiledScalar {
  const lt = left.type;
  const rt = right.type;
  let f: (a: number, b: number) => number | null;
  if (lt === 'datetime' && rt === 'timespan' && (op === '+' || op === '-')) {
    f = op === '+' ? (a, b) => a + b / TICKS_PER_MS : (a, b) => a - b / TICKS_PER_MS;
  } else if (lt === 'timespan' && rt === 'datetime' && op === '+') {
    f = (a, b) => b + a / TICKS_PER_MS;
  } else if (lt === 'datetime' && rt === 'datetime' && op === '-') {
    f = (a, b) => (a - b) * TICKS_PER_MS;
  } else if (['datetime', 'guid', 'string', 'bool', 'dynamic'].includes(lt) || ['datetime', 'guid', 'string', 'bool', 'dynamic'].includes(rt)) {
    return unsupported(ctx, `operator '${op}' on ${lt} and ${rt}`, node);
  } else if (type === 'long' || type === 'int' || (type === 'timespan' && op === '/' && rt !== 'timespan')) {
    f = arithmetic(op, true);
  } else {
    f = arithmetic(op, false);
  }
  return map2(left, right, type, (a, b) => (a === null || b === null ? null : f(a as number, b as number)));
}

/** `+ - * / %` on numbers; integer division truncates and, like the service, gives null when dividing by zero. */
function arithmetic(op: string, integer: boolean): (a: number, b: number) => number | null {
  switch (op) {
    case '+':
      return (a, b) => a + b;
    case '-':
      return (a, b) => a - b;
    case '*':
      return (a, b) => a * b;
    case '/':
      return integer ? (a, b) => (b === 0 ? null : Math.trunc(a / b)) : (a, b) => a / b;
    default:
      return integer ? (a, b) => (b === 0 ? null : a % b) : (a, b) => a % b;
  }
}

function compileMemberAccess(node: BridgeNode, ctx: CompileContext, kind: string): CompiledScalar {
  const target = compileScalar(node.Expression, ctx);
  if (target.type !== 'dynamic') return unsupported(ctx, `member access on ${target.type}`, node);
  let selector: CompiledScalar;
  if (kind === 'PathExpression') {
    selector = constantScalar(String(node.Selector.SimpleName), 'string');
  } else {
    selector = compileScalar(node.Selector.Expression, ctx);
  }
  return map2(target, selector, 'dynamic', (d, key) => {
    if (d === null || typeof d !== 'object' || key === null) return null;
    if (Array.isArray(d)) {
      if (typeof key !== 'number') return null;
      const index = key < 0 ? d.length + key : key;
      const v = d[index];
      return v === undefined ? null : v;
    }
    const v = (d as Record<string, unknown>)[String(key)];
    return v === undefined ? null : v;
  });
}
