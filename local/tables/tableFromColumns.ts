import { formatDatetime } from '../kql/kqlValues.js';
import type { KqlColumn, TableData } from '../kql/kqlTypes.js';

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
