/**
 * Plain data shared by the local KQL engine, the table loaders and the Log Analytics emulator.
 *
 * Value model (internal, per column type):
 * - string: JS string, never null ("" stands for "no value", as in Kusto);
 * - int / long / real / decimal: JS number or null (long loses precision beyond 2^53, acceptable for a dev engine);
 * - bool: boolean or null;
 * - datetime: epoch milliseconds (number) or null — sub-millisecond digits are dropped;
 * - timespan: 100 ns ticks (number) or null;
 * - guid: lowercase string or null;
 * - dynamic: a JSON value (array, object, string, number, boolean) or null.
 */

/** The KQL scalar type names the engine knows (Log Analytics column types). */
export type KqlType = 'string' | 'int' | 'long' | 'real' | 'decimal' | 'bool' | 'datetime' | 'timespan' | 'guid' | 'dynamic';

export interface KqlColumn {
  readonly name: string;
  readonly type: KqlType;
}

/**
 * An in-memory table, stored by column. `values[c]` holds `rowCount` values of column `c` in the internal value model,
 * or `undefined` when every value of that column is the default (null, or "" for strings) — the 218-column SecurityEvent
 * table would otherwise cost hundreds of MB of nulls at 1,000,000 rows.
 */
export interface TableData {
  readonly columns: readonly KqlColumn[];
  readonly rowCount: number;
  readonly values: readonly (readonly unknown[] | undefined)[];
  /**
   * The rows as JSON-shaped objects (datetimes as ISO strings, default values omitted), built on first access —
   * a convenience for callers; the engine reads `values`.
   */
  readonly rows: readonly Readonly<Record<string, unknown>>[];
}

/** One result table; datetime cells are `Date` objects, other cells follow the internal value model. */
export interface KqlResultTable {
  readonly name: string;
  readonly columns: KqlColumn[];
  readonly rows: unknown[][];
}

export interface KqlResult {
  readonly tables: KqlResultTable[];
  /** Non-fatal problems (e.g. unresolved legs of a fuzzy union); the query API reports them as a warning-level partial error. */
  readonly warnings?: readonly string[];
}

export interface KqlRunOptions {
  /** Restricts every table's TimeGenerated to [start, end), as the service applies the request's timespan. */
  readonly timespan?: { readonly start: Date; readonly end: Date };
  /** The value of now() for this query (default: the engine's clock). */
  readonly now?: Date;
}

export interface KqlEngine {
  /** Runs one query synchronously; throws QueryError for rejected queries. */
  run(query: string, options?: KqlRunOptions): KqlResult;
}
