import { InputError } from '../../src/errors.js';
import { buildTableData } from './tableData.js';
import { TABLE_SCHEMAS } from './tableSchemas.js';
import type { TableData } from '../kql/kqlTypes.js';

/** Parses JSON lines (one object per line, blank lines skipped) or one JSON array of objects. */
export function parseJsonRows(text: string, source: string): Record<string, unknown>[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new InputError(source, `invalid JSON array: ${(error as Error).message}`);
    }
    if (!Array.isArray(parsed)) throw new InputError(source, 'expected a JSON array of objects');
    return parsed as Record<string, unknown>[];
  }
  const rows: Record<string, unknown>[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    try {
      rows.push(JSON.parse(line) as Record<string, unknown>);
    } catch (error) {
      throw new InputError(`${source} line ${i + 1}`, `invalid JSON: ${(error as Error).message}`);
    }
  }
  return rows;
}

/**
 * Loads rows of a known table (e.g. "SecurityEvent") from JSON lines or a JSON array.
 * Rejects unknown tables, keys that are not columns (naming the key and row) and values of the wrong type.
 */
export function parseTableRows(tableName: string, text: string, source = tableName): TableData {
  const columns = TABLE_SCHEMAS[tableName];
  if (!columns) throw new InputError('table', `unknown table "${tableName}" (known: ${Object.keys(TABLE_SCHEMAS).join(', ')})`);
  return buildTableData(columns, parseJsonRows(text, source), source);
}
