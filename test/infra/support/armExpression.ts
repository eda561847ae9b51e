/**
 * A small evaluator of ARM template language expressions (`[concat(parameters('a'), 'b')]`), as far as the template
 * tests need it. Syntax and function semantics follow Microsoft's "Template functions" reference
 * (learn.microsoft.com/azure/azure-resource-manager/templates/template-functions); `uniqueString` and `guid` are
 * deterministic stand-ins (same inputs, same output) rather than ARM's exact hashes.
 */
import { createHash } from 'node:crypto';

/** A call of resourceId, subscriptionResourceId, extensionResourceId or reference, with the resource it names. */
export interface ResourceCall {
  readonly fn: string;
  readonly id: string;
}

export interface ArmScope {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
}

export interface ArmContext {
  readonly scope: ArmScope;
  parameter(name: string): unknown;
  variable(name: string): unknown;
  /** What `reference(id, apiVersion, 'Full')` returns for a resource. */
  reference(id: string, full: boolean): unknown;
  copyIndex(loop: string | undefined): number;
  /** Every resource-naming call is reported here. */
  onResourceCall(call: ResourceCall): void;
}

type Token = { kind: 'string' | 'number' | 'name' | 'punct'; text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) i++;
    else if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new Error(`unterminated string in ${text}`);
        if (text[i] === "'" && text[i + 1] === "'") {
          value += "'";
          i += 2;
        } else if (text[i] === "'") {
          i++;
          break;
        } else value += text[i++];
      }
      tokens.push({ kind: 'string', text: value });
    } else if (/[0-9-]/.test(c)) {
      const m = /^-?\d+/.exec(text.slice(i))!;
      tokens.push({ kind: 'number', text: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!;
      tokens.push({ kind: 'name', text: m[0] });
      i += m[0].length;
    } else if ('(),.[]'.includes(c)) {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else throw new Error(`unexpected '${c}' in ${text}`);
  }
  return tokens;
}

type Node =
  | { kind: 'literal'; value: unknown }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'member'; target: Node; key: Node };

function parse(text: string): Node {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const expect = (punct: string): void => {
    const t = tokens[pos++];
    if (t?.kind !== 'punct' || t.text !== punct) throw new Error(`expected '${punct}' in ${text}`);
  };
  const expression = (): Node => {
    const t = tokens[pos++];
    if (!t) throw new Error(`unexpected end of ${text}`);
    let node: Node;
    if (t.kind === 'string') node = { kind: 'literal', value: t.text };
    else if (t.kind === 'number') node = { kind: 'literal', value: Number(t.text) };
    else if (t.kind === 'name') {
      expect('(');
      const args: Node[] = [];
      if (!(peek()?.kind === 'punct' && peek()?.text === ')')) {
        args.push(expression());
        while (peek()?.text === ',') {
          pos++;
          args.push(expression());
        }
      }
      expect(')');
      node = { kind: 'call', name: t.text, args };
    } else throw new Error(`unexpected '${t.text}' in ${text}`);
    for (;;) {
      const next = peek();
      if (next?.kind === 'punct' && next.text === '.') {
        pos++;
        const key = tokens[pos++];
        if (key?.kind !== 'name') throw new Error(`expected a property name in ${text}`);
        node = { kind: 'member', target: node, key: { kind: 'literal', value: key.text } };
      } else if (next?.kind === 'punct' && next.text === '[') {
        pos++;
        const key = expression();
        expect(']');
        node = { kind: 'member', target: node, key };
      } else return node;
    }
  };
  const node = expression();
  if (pos !== tokens.length) throw new Error(`trailing tokens in ${text}`);
  return node;
}

/** ARM's `string()`: booleans print as True/False, objects and arrays as JSON. */
function armString(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

function hash(parts: readonly unknown[]): Buffer {
  return createHash('sha256').update(parts.map(armString).join('\u0000')).digest();
}

/** `/subscriptions/s/resourceGroups/g/providers/Ns/t1/n1/t2/n2` from a type `Ns/t1/t2` and names `[n1, n2]`. */
function providerPath(type: string, names: readonly string[]): string {
  const [namespace, ...types] = type.split('/');
  if (types.length !== names.length) throw new Error(`resource type ${type} needs ${types.length} name(s), got ${names.join(', ')}`);
  return `providers/${namespace}/${types.map((t, i) => `${t}/${names[i]}`).join('/')}`;
}

function splitTypeArgs(args: readonly unknown[]): { leading: string[]; type: string; names: string[] } {
  const at = args.findIndex((a) => typeof a === 'string' && a.includes('/'));
  if (at < 0) throw new Error(`no resource type among ${args.map(armString).join(', ')}`);
  return { leading: args.slice(0, at).map(String), type: String(args[at]), names: args.slice(at + 1).map(String) };
}

function call(name: string, args: unknown[], ctx: ArmContext): unknown {
  switch (name.toLowerCase()) {
    case 'parameters':
      return ctx.parameter(String(args[0]));
    case 'variables':
      return ctx.variable(String(args[0]));
    case 'concat':
      return args.every(Array.isArray) ? args.flat() : args.map(armString).join('');
    case 'format':
      return String(args[0]).replace(/\{(\d+)\}/g, (_, i: string) => armString(args[Number(i) + 1]));
    case 'string':
      return armString(args[0]);
    case 'tolower':
      return String(args[0]).toLowerCase();
    case 'equals':
      return JSON.stringify(args[0]) === JSON.stringify(args[1]);
    case 'not':
      return !args[0];
    case 'empty':
      return args[0] === '' || args[0] === null || (Array.isArray(args[0]) && args[0].length === 0) || (typeof args[0] === 'object' && args[0] !== null && Object.keys(args[0]).length === 0);
    case 'length':
      return Array.isArray(args[0]) || typeof args[0] === 'string' ? args[0].length : Object.keys(args[0] as object).length;
    case 'createarray':
      return args;
    case 'copyindex':
      return ctx.copyIndex(args[0] === undefined ? undefined : String(args[0]));
    case 'uniquestring':
      return hash(args).toString('hex').replace(/[^a-z0-9]/g, '').slice(0, 13);
    case 'guid': {
      const h = hash(args).toString('hex');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
    }
    case 'resourcegroup':
      return {
        id: `/subscriptions/${ctx.scope.subscriptionId}/resourceGroups/${ctx.scope.resourceGroup}`,
        name: ctx.scope.resourceGroup,
        location: ctx.scope.location,
      };
    case 'subscription':
      return { id: `/subscriptions/${ctx.scope.subscriptionId}`, subscriptionId: ctx.scope.subscriptionId };
    case 'resourceid': {
      const { leading, type, names } = splitTypeArgs(args);
      const subscriptionId = leading.length === 2 ? leading[0]! : ctx.scope.subscriptionId;
      const group = leading.length === 2 ? leading[1]! : (leading[0] ?? ctx.scope.resourceGroup);
      const id = `/subscriptions/${subscriptionId}/resourceGroups/${group}/${providerPath(type, names)}`;
      ctx.onResourceCall({ fn: 'resourceId', id });
      return id;
    }
    case 'subscriptionresourceid': {
      const { leading, type, names } = splitTypeArgs(args);
      const id = `/subscriptions/${leading[0] ?? ctx.scope.subscriptionId}/${providerPath(type, names)}`;
      ctx.onResourceCall({ fn: 'subscriptionResourceId', id });
      return id;
    }
    case 'extensionresourceid': {
      const { type, names } = splitTypeArgs(args.slice(1));
      const id = `${String(args[0])}/${providerPath(type, names)}`;
      ctx.onResourceCall({ fn: 'extensionResourceId', id });
      return id;
    }
    case 'reference': {
      const id = String(args[0]);
      ctx.onResourceCall({ fn: 'reference', id });
      return ctx.reference(id, String(args[2] ?? '').toLowerCase() === 'full');
    }
    default:
      throw new Error(`the template tests do not evaluate ARM function ${name}()`);
  }
}

function evaluateNode(node: Node, ctx: ArmContext): unknown {
  if (node.kind === 'literal') return node.value;
  if (node.kind === 'call') return call(node.name, node.args.map((a) => evaluateNode(a, ctx)), ctx);
  const target = evaluateNode(node.target, ctx) as Record<string, unknown> | unknown[] | undefined;
  const key = evaluateNode(node.key, ctx);
  if (target === undefined || target === null) throw new Error(`property ${String(key)} of nothing`);
  return (target as Record<string, unknown>)[String(key)];
}

/** True when a template string is an expression (`[...]`, not the escaped literal `[[...`). */
export function isArmExpression(text: string): boolean {
  return text.startsWith('[') && text.endsWith(']') && !text.startsWith('[[');
}

/** Evaluates template JSON: expressions are evaluated, `[[` escapes unescaped, objects and arrays walked. */
export function evaluateArmValue(value: unknown, ctx: ArmContext): unknown {
  if (typeof value === 'string') {
    if (isArmExpression(value)) return evaluateNode(parse(value.slice(1, -1)), ctx);
    return value.startsWith('[[') ? value.slice(1) : value;
  }
  if (Array.isArray(value)) return value.map((v) => evaluateArmValue(v, ctx));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [evaluateArmValue(k, ctx) as string, evaluateArmValue(v, ctx)]));
  }
  return value;
}
