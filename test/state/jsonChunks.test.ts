import { describe, expect, it } from 'vitest';
import { chunkJson, unchunkJson } from '../../src/state/jsonChunks.js';

describe('chunkJson', () => {
  it('keeps a short JSON text in one property', () => {
    expect(chunkJson('{"a":1}')).toEqual({ chunks: 1, data0: '{"a":1}' });
  });

  it('writes one empty chunk for an empty text', () => {
    expect(chunkJson('')).toEqual({ chunks: 1, data0: '' });
  });

  it('splits a long text into properties of at most 30,000 characters that join back to it', () => {
    const json = JSON.stringify({ line: 'A'.repeat(70_000) });
    const chunks = chunkJson(json);
    expect(chunks['chunks']).toBe(3);
    expect(Object.keys(chunks).sort()).toEqual(['chunks', 'data0', 'data1', 'data2']);
    expect(String(chunks['data0'])).toHaveLength(30_000);
    expect(String(chunks['data1'])).toHaveLength(30_000);
    expect(`${chunks['data0']}${chunks['data1']}${chunks['data2']}`).toBe(json);
  });

  it('fills exactly whole chunks without an empty one after them', () => {
    const json = `"${'B'.repeat(59_998)}"`;
    expect(Object.keys(chunkJson(json)).sort()).toEqual(['chunks', 'data0', 'data1']);
  });
});

describe('unchunkJson', () => {
  it('parses what chunkJson wrote, whatever else the entity holds', () => {
    const value = { hosts: ['h1'], commandLines: ['x'.repeat(65_000), 'y'] };
    expect(unchunkJson({ partitionKey: 'seen', rowKey: '45.9.148.3', ...chunkJson(JSON.stringify(value)) })).toEqual(value);
  });

  it('reads an entity without a chunk count as one chunk', () => {
    expect(unchunkJson({ data0: '[1,2]' })).toEqual([1, 2]);
  });
});
