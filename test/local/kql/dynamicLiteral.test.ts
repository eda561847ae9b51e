import { beforeAll, describe, expect, it } from 'vitest';
import { QueryError } from '../../../src/errors.js';
import { createKqlEngine } from '../../../local/kql/createKqlEngine.js';
import type { KqlEngine } from '../../../local/kql/kqlTypes.js';

let engine: KqlEngine;

beforeAll(() => {
  engine = createKqlEngine({ tables: {} });
});

function value(literal: string): unknown {
  return engine.run(`print v = ${literal}`).tables[0]!.rows[0]![0];
}

describe('dynamic literals follow KQL grammar, not JSON', () => {
  it.each([
    [`dynamic(['a.exe', 'b.exe'])`, ['a.exe', 'b.exe']],
    [`dynamic(["a", 'b', @'c\\d', h'hidden'])`, ['a', 'b', 'c\\d', 'hidden']],
    [`dynamic({'k': -1, "n": {"m": [true, false, null]}})`, { k: -1, n: { m: [true, false, null] } }],
    [`dynamic([1, 2.5, -3])`, [1, 2.5, -3]],
    [`dynamic([datetime(2024-05-01T10:00:00Z), 10m, guid(6F2B0D3A-1C8E-4B7A-9E0F-123456789ABC)])`, ['2024-05-01T10:00:00Z', '00:10:00', '6f2b0d3a-1c8e-4b7a-9e0f-123456789abc']],
    [`dynamic(4)`, 4],
    [`dynamic('text')`, 'text'],
    [`dynamic(null)`, null],
    [`dynamic([])`, []],
    [`dynamic({})`, {}],
  ])('%s', (literal, expected) => {
    expect(value(literal)).toEqual(expected);
  });

  it('uses a single-quoted list where a list is expected', () => {
    const result = engine.run(`let allow = dynamic(['foo.exe', 'baz.exe']); print a = 'foo.exe' in (allow), b = 'bar.exe' in (allow)`);
    expect(result.tables[0]!.rows).toEqual([[true, false]]);
  });

  it('rejects a non-literal element naming it and its position', () => {
    let error: unknown;
    try {
      engine.run(`print v = dynamic([1, 1 + 1])`);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QueryError);
    expect(error).toMatchObject({ code: expect.stringMatching(/^(KS\d+|UnsupportedConstruct)$/) });
    expect((error as QueryError).message).toMatch(/line 1, column \d+/);
  });
});
