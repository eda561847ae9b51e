import { InputError } from '../../src/errors.js';
import { coerceTo, defaultValue, toDatetime } from '../kql/kqlValues.js';
import type { KqlColumn, TableData } from '../kql/kqlTypes.js';
import { tableFromColumns } from './tableFromColumns.js';

/**
 * Distinct values remembered per string column for sharing. Most SecurityEvent columns repeat a few values (Channel,
 * Activity, Computer) and JSON.parse makes a new string per row, so sharing them keeps 1,000,000 rows in a fraction of
 * the memory; a column with more distinct values than this (CommandLine) stops sharing and drops its map.
 */
const SHARED_STRINGS_PER_COLUMN = 65_536;

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

/**
 * Builds a columnar table one row at a time, so a file of any size is loaded without holding its rows as objects.
 * Missing columns get the default (null, or "" for strings); a key that is not a column, or a value that does not
 * convert to the column's type, is rejected naming the key and the row number.
 */
export class TableBuilder {
  private readonly index: Map<string, number>;
  private readonly values: (unknown[] | undefined)[];
  private readonly shared: (Map<string, string> | undefined)[];
  private count = 0;

  /** @param source names the input in error messages (e.g. a file name). */
  constructor(
    private readonly columns: readonly KqlColumn[],
    private readonly source = 'rows',
  ) {
    this.index = new Map(columns.map((c, i) => [c.name, i]));
    this.values = new Array(columns.length);
    this.shared = columns.map((c) => (c.type === 'string' ? new Map<string, string>() : undefined));
  }

  get rowCount(): number {
    return this.count;
  }

  /** Adds one row (a JSON object); throws InputError naming the row when it does not fit the schema. */
  add(row: unknown): void {
    const r = this.count;
    const where = () => `${this.source} row ${r + 1}`;
    if (row === null || typeof row !== 'object' || Array.isArray(row)) throw new InputError(where(), 'expected a JSON object');
    const cells = row as Readonly<Record<string, unknown>>;
    for (const key in cells) {
      const c = this.index.get(key);
      if (c === undefined) throw new InputError(where(), `"${key}" is not a column of this table`);
      const column = this.columns[c]!;
      let stored = this.values[c];
      if (!stored) stored = this.values[c] = new Array<unknown>(r).fill(defaultValue(column.type));
      // Earlier rows without this key left the column short: fill their defaults before this row's value.
      while (stored.length < r) stored.push(defaultValue(column.type));
      stored.push(this.share(c, convertCell(cells[key], column, where)));
    }
    this.count++;
  }

  /** The table of the rows added so far. */
  finish(): TableData {
    this.columns.forEach((column, c) => {
      const stored = this.values[c];
      while (stored && stored.length < this.count) stored.push(defaultValue(column.type));
    });
    return tableFromColumns(this.columns, this.count, this.values);
  }

  private share(c: number, value: unknown): unknown {
    const map = this.shared[c];
    if (map === undefined || typeof value !== 'string') return value;
    const known = map.get(value);
    if (known !== undefined) return known;
    if (map.size >= SHARED_STRINGS_PER_COLUMN) {
      this.shared[c] = undefined;
      return value;
    }
    map.set(value, value);
    return value;
  }
}
