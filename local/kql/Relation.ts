/**
 * An intermediate result: a schema plus columns that are materialized on first access. Filters and joins create
 * gathered views, so a `where` over the 218-column SecurityEvent table only copies the columns later operators read.
 */
import { defaultValue } from './kqlValues.js';
import type { KqlColumn, TableData } from './kqlTypes.js';

export type ColumnSource = (index: number) => unknown[];

export class Relation {
  readonly columns: readonly KqlColumn[];
  readonly length: number;
  private readonly cache: (unknown[] | undefined)[];
  private readonly source: ColumnSource;
  private byName: Map<string, number> | undefined;

  constructor(columns: readonly KqlColumn[], length: number, source: ColumnSource) {
    this.columns = columns;
    this.length = length;
    this.cache = new Array(columns.length);
    this.source = source;
  }

  /** The values of column `index` (do not mutate: the array may be shared with the source table). */
  column(index: number): unknown[] {
    let values = this.cache[index];
    if (!values) {
      values = this.source(index);
      this.cache[index] = values;
    }
    return values;
  }

  /** Index of the column with this name, or -1. */
  indexOf(name: string): number {
    if (!this.byName) this.byName = new Map(this.columns.map((c, i) => [c.name, i]));
    return this.byName.get(name) ?? -1;
  }

  /** A relation over fully materialized columns. */
  static fromArrays(columns: readonly KqlColumn[], arrays: unknown[][], length: number): Relation {
    return new Relation(columns, length, (i) => arrays[i]!);
  }

  /** A relation reading a stored table; all-default columns are filled only if something reads them. */
  static fromTable(table: TableData): Relation {
    return new Relation(table.columns, table.rowCount, (i) => {
      const stored = table.values[i];
      if (stored) return stored as unknown[];
      return new Array(table.rowCount).fill(defaultValue(table.columns[i]!.type));
    });
  }

  /** The rows at `indices` (in that order), gathered lazily per column. */
  gather(indices: ArrayLike<number>): Relation {
    return new Relation(this.columns, indices.length, (c) => {
      const from = this.column(c);
      const out = new Array(indices.length);
      for (let i = 0; i < indices.length; i++) out[i] = from[indices[i]!];
      return out;
    });
  }

  /** The same rows under a different schema, column `i` of the result reading column `mapping[i]` of this one. */
  remap(columns: readonly KqlColumn[], mapping: readonly number[]): Relation {
    return new Relation(columns, this.length, (c) => this.column(mapping[c]!));
  }
}
