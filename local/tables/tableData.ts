/**
 * Building in-memory tables (columnar, see kql/kqlTypes.ts) from JSON-shaped rows, with validation against a schema.
 */
import { InputError } from '../../src/errors.js';
import { coerceTo, defaultValue, formatDatetime, toDatetime } from '../kql/kqlValues.js';
import type { KqlColumn, TableData } from '../kql/kqlTypes.js';

function convertCell(value: unknown, column: KqlColumn, where: () => string): unknown {
  if (value === null || value === undefined) return defaultValue(column.type);
  let converted: unknown;
  switch (column.type) {
    case 'string':
      converted = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
      break;
    case 'datetime':
      converted = toDatetime(value);
      break;
    case 'dynamic':
      converted = value;
      break;
    default:
      converted = coerceTo(value, column.type);
  }
  if (converted === null) {
    throw new InputError(where(), `column ${column.name} expects ${column.type}, got ${JSON.stringify(value)}`);
  }
  return converted;
}

/** A TableData over stored columns; `rows` is derived lazily. */
export function tableFromColumns(
  columns: readonly KqlColumn[],
  rowCount: number,
  values: readonly (readonly unknown[] | undefined)[],
): TableData {
  let rows: Record<string, unknown>[] | undefined;
  return {
    columns,
    rowCount,
    values,
    get rows() {
      if (!rows) {
        rows = Array.from({ length: rowCount }, () => ({}) as Record<string, unknown>);
        columns.forEach((c, i) => {
          const stored = values[i];
          if (!stored) return;
          for (let r = 0; r < rowCount; r++) {
            const v = stored[r];
            if (v === null || v === undefined || v === '') continue;
            rows![r]![c.name] = c.type === 'datetime' ? formatDatetime(v as number) : v;
          }
        });
      }
      return rows;
    },
  };
}

/**
 * Builds a table from row objects. Missing columns get the default (null, or "" for strings); a key that is not a
 * column, or a value that does not convert to the column's type, is rejected naming the key and the row number.
 * @param source names the input in error messages (e.g. a file name).
 */
export function buildTableData(
  columns: readonly KqlColumn[],
  rows: readonly object[],
  source = 'rows',
): TableData {
  const index = new Map(columns.map((c, i) => [c.name, i]));
  const values: (unknown[] | undefined)[] = new Array(columns.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as Readonly<Record<string, unknown>>;
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      throw new InputError(`${source} row ${r + 1}`, 'expected a JSON object');
    }
    for (const key in row) {
      const c = index.get(key);
      if (c === undefined) throw new InputError(`${source} row ${r + 1}`, `"${key}" is not a column of this table`);
      const column = columns[c]!;
      let stored = values[c];
      if (!stored) stored = values[c] = new Array(rows.length).fill(defaultValue(column.type));
      stored[r] = convertCell(row[key], column, () => `${source} row ${r + 1}`);
    }
  }
  return tableFromColumns(columns, rows.length, values);
}
