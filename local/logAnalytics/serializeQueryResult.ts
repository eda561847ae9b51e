/**
 * The Log Analytics query response body (`{"tables":[…]}`), serialized per column type exactly as the service does
 * (Log Analytics response-format docs): trimmed ISO datetimes, dynamic values as JSON text, NaN/±Infinity as strings, timespans in
 * .NET "c" format. Applies the service's result-set caps (rows and bytes), reporting truncation as the service does.
 */
import { formatDatetime, formatTimespan } from '../kql/kqlValues.js';
import type { KqlResult, KqlType } from '../kql/kqlTypes.js';

export interface ResponseTable {
  name: string;
  columns: { name: string; type: string }[];
  rows: unknown[][];
}

export interface SerializedResult {
  readonly tables: ResponseTable[];
  /** Set when a cap cut the result: the message the service puts in its partial error. */
  readonly truncation?: string;
  readonly rowCount: number;
  readonly bytes: number;
}

/** Default caps of the service: 500,000 records and 64 MB per result set. */
export const DEFAULT_MAX_RESULT_ROWS = 500_000;
export const DEFAULT_MAX_RESULT_BYTES = 64 * 1024 * 1024;

/** One cell as it appears in the JSON `rows` of a response. */
export function serializeCell(value: unknown, type: KqlType): unknown {
  if (value === null || value === undefined) return type === 'string' ? '' : null;
  switch (type) {
    case 'datetime':
      return formatDatetime(value instanceof Date ? value.getTime() : (value as number));
    case 'dynamic':
      return JSON.stringify(value);
    case 'real':
      return Number.isFinite(value) ? value : String(value);
    case 'timespan':
      return formatTimespan(value as number);
    case 'decimal':
      return String(value);
    default:
      return value;
  }
}

/** Serializes a result, stopping at the caps (the rows already serialized are kept, as partial tables). */
export function serializeQueryResult(
  result: KqlResult,
  caps: { maxRows?: number; maxBytes?: number } = {},
): SerializedResult {
  const maxRows = caps.maxRows ?? DEFAULT_MAX_RESULT_ROWS;
  const maxBytes = caps.maxBytes ?? DEFAULT_MAX_RESULT_BYTES;
  let rowCount = 0;
  let bytes = 0;
  let truncation: string | undefined;
  const tables: ResponseTable[] = [];
  for (const table of result.tables) {
    const rows: unknown[][] = [];
    for (const row of table.rows) {
      if (truncation) break;
      if (rowCount >= maxRows) {
        truncation = `Query result set has exceeded the internal record count limit ${maxRows} (E_QUERY_RESULT_SET_TOO_LARGE; see https://aka.ms/kustoquerylimits)`;
        break;
      }
      const cells = row.map((v, i) => serializeCell(v, table.columns[i]!.type));
      const size = JSON.stringify(cells).length + 1;
      if (bytes + size > maxBytes) {
        truncation = `Query result set has exceeded the internal data size limit ${maxBytes} (E_QUERY_RESULT_SET_TOO_LARGE; see https://aka.ms/kustoquerylimits)`;
        break;
      }
      bytes += size;
      rowCount += 1;
      rows.push(cells);
    }
    tables.push({ name: table.name, columns: table.columns.map((c) => ({ name: c.name, type: c.type })), rows });
  }
  return { tables, rowCount, bytes, ...(truncation ? { truncation } : {}) };
}
