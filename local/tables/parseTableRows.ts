import { InputError } from '../../src/errors.js';
import { JsonRowSplitter } from './JsonRowSplitter.js';
import { TableBuilder } from './TableBuilder.js';
import { TABLE_SCHEMAS } from './tableSchemas.js';
import type { TableData } from '../kql/kqlTypes.js';

/** A builder for rows of a known table (e.g. "SecurityEvent"); rejects unknown tables, naming the known ones. */
export function tableBuilderFor(tableName: string, source: string): TableBuilder {
  const columns = TABLE_SCHEMAS[tableName];
  if (!columns) throw new InputError('table', `unknown table "${tableName}" (known: ${Object.keys(TABLE_SCHEMAS).join(', ')})`);
  return new TableBuilder(columns, source);
}

/**
 * Loads rows of a known table from JSON lines or a JSON array held in memory (files stream through readTableFile).
 * Rejects unknown tables, keys that are not columns (naming the key and row) and values of the wrong type.
 */
export function parseTableRows(tableName: string, text: string, source = tableName): TableData {
  const builder = tableBuilderFor(tableName, source);
  const splitter = new JsonRowSplitter(source, (row) => builder.add(row));
  splitter.push(text);
  splitter.end();
  return builder.finish();
}
