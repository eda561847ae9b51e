/**
 * `evaluate bag_unpack(Column [, OutputColumnPrefix]) [: OutputSchema]`, per
 * https://learn.microsoft.com/kusto/query/bag-unpack-plugin: the input's rows with `Column` removed and one column per
 * distinct top-level property of its bags, named by the property (after the prefix).
 * - A column's type is the properties' type when all its values share one, else dynamic (null values do not count
 *   [inferred]; a whole number is long, another number real; a property whose values are all null is dynamic [inferred]).
 * - The new columns follow the input's in name order [inferred from the docs' example, where `{"Name", "Age"}` bags give
 *   Age, then Name]. A row whose value is not a bag (null, an array, a scalar) gets nulls.
 * - A new column named like an input column is an error: the docs' default `columnsConflict='error'` (the binder this
 *   engine uses accepts only the first two arguments, so the other conflict modes and `ignoredProperties` never reach here).
 * - With an OutputSchema the columns are the schema's (`*` first keeps the input's), as the binder lists them, each
 *   property converted to its declared type.
 */
import { evaluationError, unsupported, type CompileContext } from '../compileContext.js';
import { compileScalar } from '../compileScalar.js';
import { className, kindName, positionalArguments, type BridgeNode } from '../kustoFrontend.js';
import { coerceTo, defaultValue, toKqlString } from '../kqlValues.js';
import { Relation } from '../Relation.js';
import { binderColumns, type OperatorPlan } from './operatorSupport.js';
import type { KqlColumn, KqlType } from '../kqlTypes.js';

type Bag = Readonly<Record<string, unknown>>;

function isBag(value: unknown): value is Bag {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function valueType(value: unknown): KqlType {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'long' : 'real';
  return 'dynamic';
}

/** Compiles `evaluate bag_unpack(…)` (the `evaluate` node). */
export function compileBagUnpack(node: BridgeNode, ctx: CompileContext): OperatorPlan {
  const call = node.FunctionCall;
  const args = positionalArguments(call);
  if (!args) return unsupported(ctx, 'named arguments of bag_unpack', call);
  const [columnNode, prefixNode] = args;
  if (kindName(columnNode) !== 'NameReference' || className(columnNode.ReferencedSymbol) !== 'ColumnSymbol') {
    return unsupported(ctx, 'bag_unpack of an expression (the plugin takes a column)', columnNode);
  }
  const column = String(columnNode.SimpleName);
  const columnType = String(columnNode.ResultType?.Name);
  if (columnType !== 'dynamic' && columnType !== 'unknown') {
    return unsupported(ctx, `bag_unpack of the ${columnType} column '${column}' (the plugin takes a dynamic column)`, columnNode);
  }
  let prefix = '';
  if (prefixNode) {
    const compiled = compileScalar(prefixNode, ctx);
    if (!compiled.constant) return unsupported(ctx, 'bag_unpack with an output column prefix that is not a constant', prefixNode);
    prefix = toKqlString(compiled.constant.value, compiled.type);
  }
  const bagsOf = (input: Relation): unknown[] => {
    const index = input.indexOf(column);
    return index < 0 ? unsupported(ctx, `bag_unpack of column '${column}' that this engine did not produce`, columnNode) : input.column(index);
  };
  if (node.Schema) return unpackToSchema(binderColumns(ctx, node), column, prefix, bagsOf);
  return (input) => {
    const bags = bagsOf(input);
    // Each property's type over all rows: one type, or dynamic when they differ.
    const slots = new Map<string, KqlType | undefined>();
    for (const bag of bags) {
      if (!isBag(bag)) continue;
      for (const [key, value] of Object.entries(bag)) {
        const seen = slots.get(key);
        if (value === null || value === undefined) {
          if (!slots.has(key)) slots.set(key, undefined);
          continue;
        }
        const type = valueType(value);
        slots.set(key, seen === undefined || seen === type ? type : 'dynamic');
      }
    }
    const kept = input.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.name !== column);
    const keys = [...slots.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const key of keys) {
      if (kept.some(({ c }) => c.name === prefix + key)) {
        throw evaluationError(
          ctx,
          `bag_unpack: property '${key}' would become column '${prefix + key}', which the input already has (columnsConflict is 'error' by default)`,
          call,
        );
      }
    }
    const added: KqlColumn[] = keys.map((key) => ({ name: prefix + key, type: slots.get(key) ?? 'dynamic' }));
    const columns = [...kept.map(({ c }) => c), ...added];
    return new Relation(columns, input.length, (i) => {
      if (i < kept.length) return input.column(kept[i]!.i);
      const key = keys[i - kept.length]!;
      const type = added[i - kept.length]!.type;
      return bags.map((bag) => (isBag(bag) && bag[key] !== undefined && bag[key] !== null ? bag[key] : defaultValue(type)));
    });
  };
}

/** bag_unpack with an OutputSchema: the binder's columns, from the input when it has them, else from the bag. */
function unpackToSchema(output: readonly KqlColumn[], column: string, prefix: string, bagsOf: (input: Relation) => unknown[]): OperatorPlan {
  return (input) =>
    new Relation(output, input.length, (i) => {
      const { name, type } = output[i]!;
      const index = name === column ? -1 : input.indexOf(name);
      if (index >= 0) return input.column(index);
      const key = name.startsWith(prefix) ? name.slice(prefix.length) : name;
      return bagsOf(input).map((bag) => coerceTo(isBag(bag) ? (bag[key] ?? null) : null, type));
    });
}
