import { describe, expect, it } from 'vitest';
import { memoizeBounded } from '../src/memoizeBounded.js';

describe('memoizeBounded', () => {
  it('computes each key once, undefined answers included, and starts over past its bound', () => {
    const computed: string[] = [];
    const lookup = memoizeBounded((key) => {
      computed.push(key);
      return key === 'none' ? undefined : key.length;
    }, 2);
    expect([lookup('a'), lookup('bb'), lookup('a'), lookup('bb')]).toEqual([1, 2, 1, 2]);
    expect(computed).toEqual(['a', 'bb']);
    expect(lookup('none')).toBeUndefined(); // a third key: the two remembered answers are dropped
    expect(lookup('none')).toBeUndefined();
    expect(lookup('a')).toBe(1);
    expect(computed).toEqual(['a', 'bb', 'none', 'a']);
  });
});
