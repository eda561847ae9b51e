/**
 * Building in-memory tables (columnar, see kql/kqlTypes.ts) from JSON-shaped rows, with validation against a schema.
 */
import type { KqlColumn, TableData } from '../kql/kqlTypes.js';
import { TableBuilder } from './TableBuilder.js';

/**
 * Builds a table from row objects (see TableBuilder for the rules).
 * @param source names the input in error messages (e.g. a file name).
 */
export function buildTableData(columns: readonly KqlColumn[], rows: readonly object[], source = 'rows'): TableData {
  const builder = new TableBuilder(columns, source);
  for (const row of rows) builder.add(row);
  return builder.finish();
}
