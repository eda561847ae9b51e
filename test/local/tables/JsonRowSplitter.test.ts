import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { JsonRowSplitter } from '../../../local/tables/JsonRowSplitter.js';

/** Feeds `text` in chunks of `size` characters and returns the rows. */
function split(text: string, size: number): unknown[] {
  const rows: unknown[] = [];
  const splitter = new JsonRowSplitter('f.json', (row) => rows.push(row));
  for (let i = 0; i < text.length; i += size) splitter.push(text.slice(i, i + size));
  splitter.end();
  return rows;
}

const ROWS = [{ a: 1, s: 'x}]"{[' }, { b: [1, { c: '\\"' }], d: null }, {}];

describe('JsonRowSplitter', () => {
  it.each([1, 2, 3, 7, 1000])('splits JSON lines and a JSON array the same way, in chunks of %i characters', (size) => {
    const lines = `${ROWS.map((r) => JSON.stringify(r)).join('\r\n')}\n\n`;
    const array = `\n[ ${ROWS.map((r) => JSON.stringify(r, null, 1)).join(' ,\n')} ]\n`;
    expect(split(lines, size)).toEqual(ROWS);
    expect(split(array, size)).toEqual(ROWS);
  });

  it('reads a last line without a newline, and nothing from blank text or an empty array', () => {
    expect(split('{"a":1}\n{"a":2}', 4)).toEqual([{ a: 1 }, { a: 2 }]);
    expect(split(' \n ', 1)).toEqual([]);
    expect(split('[ ]', 1)).toEqual([]);
  });

  it.each([
    ['{"a":1}\n{oops', 'f.json line 2'],
    ['[{"a":1}, 2]', 'f.json element 2'],
    ['[{"a":1} {"a":2}]', 'f.json element 2'],
    ['[{"a":1},]', 'f.json element 2'],
    ['[{"a":1}', 'f.json'],
    ['[{"a":1}] x', 'f.json'],
    ['[{"a":tru}]', 'f.json element 1'],
  ])('reports %j naming where', (text, field) => {
    let error: unknown;
    try {
      split(text, 3);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).field).toBe(field);
  });
});
