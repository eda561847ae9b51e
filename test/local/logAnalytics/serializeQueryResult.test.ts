import { describe, expect, it } from 'vitest';
import { serializeCell, serializeQueryResult } from '../../../local/logAnalytics/serializeQueryResult.js';
import type { KqlResult } from '../../../local/kql/kqlTypes.js';

describe('serializeCell (per-type wire format of Log Analytics rows)', () => {
  it.each([
    [new Date('2024-05-01T10:00:00.000Z'), 'datetime', '2024-05-01T10:00:00Z'],
    [new Date('2024-05-01T10:00:00.120Z'), 'datetime', '2024-05-01T10:00:00.12Z'],
    [['a', 1], 'dynamic', '["a",1]'],
    ['text', 'dynamic', '"text"'],
    [null, 'dynamic', null],
    [Number.NaN, 'real', 'NaN'],
    [Infinity, 'real', 'Infinity'],
    [1.5, 'real', 1.5],
    [null, 'string', ''],
    [null, 'long', null],
    [9_000_000_000, 'long', 9_000_000_000],
    [1, 'timespan', '00:00:00.0000001'],
    [864_000_000_000, 'timespan', '1.00:00:00'],
    [-36_000_000_000, 'timespan', '-01:00:00'],
    [12.5, 'decimal', '12.5'],
    [true, 'bool', true],
  ] as const)('%j as %s → %j', (value, type, expected) => {
    expect(serializeCell(value, type)).toEqual(expected);
  });
});

describe('serializeQueryResult caps', () => {
  const result: KqlResult = {
    tables: [{ name: 'PrimaryResult', columns: [{ name: 's', type: 'string' }], rows: Array.from({ length: 10 }, (_, i) => [`row-${i}`]) }],
  };

  it('keeps everything under the caps', () => {
    const out = serializeQueryResult(result);
    expect(out.truncation).toBeUndefined();
    expect(out.tables[0]!.rows).toHaveLength(10);
  });

  it('stops at the row cap with the service message', () => {
    const out = serializeQueryResult(result, { maxRows: 4 });
    expect(out.tables[0]!.rows).toHaveLength(4);
    expect(out.truncation).toBe(
      'Query result set has exceeded the internal record count limit 4 (E_QUERY_RESULT_SET_TOO_LARGE; see https://aka.ms/kustoquerylimits)',
    );
  });

  it('stops at the byte cap', () => {
    // Each row costs 10 bytes (`["row-0"]` plus a separator).
    const out = serializeQueryResult(result, { maxBytes: 35 });
    expect(out.tables[0]!.rows).toHaveLength(3);
    expect(out.truncation).toMatch(/internal data size limit 35 \(E_QUERY_RESULT_SET_TOO_LARGE/);
  });
});
