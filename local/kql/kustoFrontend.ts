/**
 * The only module that loads Microsoft's Kusto.Language (Bridge.NET build in `@kusto/language-service-next`).
 * It parses and binds query text against table schemas and hands back the bound syntax tree; the compiler walks that
 * tree once. Loading costs about a second, so it happens once per process, on first use.
 */
import { createRequire } from 'node:module';
import { QueryError } from '../../src/errors.js';
import type { KqlColumn } from './kqlTypes.js';

// Bridge.NET objects are used untyped on purpose: the shipped .d.ts types every member `| null` and declares
// enumerator names that differ from the runtime ones (observed with @kusto/language-service-next 12.4.1), so typing them buys nothing here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type BridgeNode = any;

interface KustoGlobals {
  readonly Kusto: BridgeNode;
  readonly Bridge: BridgeNode;
  readonly System: BridgeNode;
}

let loaded: KustoGlobals | undefined;

/** Loads Kusto.Language into this process (once) and returns its globals. */
export function kusto(): KustoGlobals {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    require('@kusto/language-service-next/bridge.min.js');
    require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
    const g = globalThis as unknown as KustoGlobals;
    loaded = { Kusto: g.Kusto, Bridge: g.Bridge, System: g.System };
  }
  return loaded;
}

/** A Bridge collection (IEnumerable) as a JS array. */
export function toArray(sequence: BridgeNode): BridgeNode[] {
  const result: BridgeNode[] = [];
  if (sequence === null || sequence === undefined) return result;
  const e = kusto().Bridge.getEnumerator(sequence);
  while (e.moveNext()) result.push(e.Current);
  return result;
}

/** The elements of a SyntaxList of SeparatedElement<T>. */
export function separated(list: BridgeNode): BridgeNode[] {
  const result: BridgeNode[] = [];
  if (!list) return result;
  for (let i = 0; i < list.Count; i++) result.push(list.getItem(i).Element);
  return result;
}

/** The elements of a plain SyntaxList<T>. */
export function listItems(list: BridgeNode): BridgeNode[] {
  const result: BridgeNode[] = [];
  if (!list) return result;
  for (let i = 0; i < list.Count; i++) result.push(list.getItem(i));
  return result;
}

/** The SyntaxKind name of a node, e.g. "FilterOperator". */
export function kindName(node: BridgeNode): string {
  const { System, Kusto } = kusto();
  return System.Enum.toString(Kusto.Language.Syntax.SyntaxKind, node.Kind);
}

/** The short class name of a Bridge object, e.g. "FunctionCallExpression". */
export function className(node: BridgeNode): string {
  return String(kusto().Bridge.getTypeName(node)).split('.').pop() ?? '';
}

/** "line L, column C" (1-based) of a character offset in the query text. */
export function describePosition(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

function schemaText(columns: readonly KqlColumn[]): string {
  return `(${columns.map((c) => `['${c.name.replace(/'/g, "\\'")}']:${c.type}`).join(', ')})`;
}

/** Binds queries against a fixed set of table schemas; build once per engine, reuse per query. */
export interface KustoBinder {
  /** Parses and binds `text`; throws QueryError naming every error diagnostic, with the first one's code and position. */
  analyze(text: string): BridgeNode;
}

/** Creates a binder whose database holds one table per entry of `schemas`. */
export function createKustoBinder(schemas: Readonly<Record<string, readonly KqlColumn[]>>): KustoBinder {
  const K = kusto().Kusto.Language;
  const tables = Object.entries(schemas).map(
    ([name, columns]) => new K.Symbols.TableSymbol.$ctor7(name, schemaText(columns), null),
  );
  const database = new K.Symbols.DatabaseSymbol.ctor('LocalWorkspace', tables);
  const globals = K.GlobalState.Default.WithDatabase(database);
  return {
    analyze(text: string): BridgeNode {
      const code = K.KustoCode.ParseAndAnalyze(text, globals);
      const errors = toArray(code.GetDiagnostics())
        .filter((d) => String(d.Severity) === 'Error')
        .sort((a, b) => a.Start - b.Start);
      const first = errors[0];
      if (first) {
        // Every error, in source order, so that one try shows all that is wrong; the code and position are the first's.
        const described = errors.map((d) => `${d.Code} ${d.Message} at ${describePosition(text, d.Start)}`);
        throw new QueryError(`Query rejected: ${described.join('; ')}`, { code: String(first.Code), position: first.Start });
      }
      return code;
    },
  };
}

/**
 * A call's arguments in parameter order: a named argument (`make_set(x, maxSize=10)`, the named-arguments form of the
 * function call docs) moves to its parameter's position in the bound function's first signature. Returns undefined when
 * a name matches no parameter or a position is left empty.
 */
export function positionalArguments(call: BridgeNode): BridgeNode[] | undefined {
  const args = separated(call.ArgumentList.Expressions);
  if (!args.some((a) => className(a) === 'SimpleNamedExpression')) return args;
  const signature = call.ReferencedSymbol?.Signatures?.getItem(0);
  if (!signature) return undefined;
  const names: string[] = [];
  for (let i = 0; i < signature.Parameters.Count; i++) names.push(String(signature.Parameters.getItem(i).Name));
  const placed: BridgeNode[] = [];
  args.forEach((a, i) => {
    if (className(a) !== 'SimpleNamedExpression') placed[i] = a;
    else placed[names.indexOf(String(a.Name.SimpleName))] = a.Expression;
  });
  if (placed[-1] !== undefined) return undefined;
  for (let i = 0; i < placed.length; i++) if (placed[i] === undefined) return undefined;
  return placed;
}
