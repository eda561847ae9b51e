/**
 * Functions that look at the input's columns by name when the query runs (`column_ifexists`), per the Kusto scalar
 * function docs. The schema is known only then: after `evaluate bag_unpack` the columns depend on the data.
 */
import { unsupported, type CompileContext } from '../compileContext.js';
import { toDynamicValue, toKqlString } from '../kqlValues.js';
import type { CompiledScalar, RowFn } from '../compiledScalar.js';
import type { BridgeNode } from '../kustoFrontend.js';
import type { KqlType } from '../kqlTypes.js';
import type { ScalarFunctions } from './functionSupport.js';

const NUMERIC: ReadonlySet<KqlType> = new Set(['int', 'long', 'real', 'decimal']);

/** Reads `values` (of column type `actual`) as `type`, or undefined when that would change what the values mean. */
function readAs(values: readonly unknown[], actual: KqlType, type: KqlType): RowFn | undefined {
  if (actual === type || (NUMERIC.has(actual) && NUMERIC.has(type))) return (row) => values[row];
  if (type === 'string') return (row) => toKqlString(values[row], actual);
  if (type === 'dynamic') return (row) => toDynamicValue(values[row], actual);
  return undefined;
}

/**
 * column_ifexists(name, default) (https://learn.microsoft.com/kusto/query/column-ifexists-function): the column `name`
 * when the input has it, else `default` (any scalar expression, such as another column). The name must be a constant.
 * The call's type is the default's, as the binder types it; an existing column of another type is read as text when the
 * default is a string, as dynamic when it is dynamic, and otherwise refused rather than converted silently.
 */
function columnIfExists(args: CompiledScalar[], node: BridgeNode, ctx: CompileContext, type: KqlType): CompiledScalar {
  const [name, fallback] = args as [CompiledScalar, CompiledScalar];
  if (!name.constant) return unsupported(ctx, "column_ifexists with a column name that is not a constant", node);
  const column = toKqlString(name.constant.value, name.type);
  return {
    type,
    plan: (input) => {
      const index = input.indexOf(column);
      if (index < 0) return fallback.plan(input);
      const actual = input.columns[index]!.type;
      const read = readAs(input.column(index), actual, type);
      return read ?? unsupported(ctx, `column_ifexists of the ${actual} column '${column}' with a ${type} default`, node);
    },
  };
}

export const columnFunctions: ScalarFunctions = {
  column_ifexists: columnIfExists,
  // The deprecated columnifexists is column_ifexists under its old name (column_ifexists docs).
  columnifexists: columnIfExists,
};
