import { describe, expect, it } from 'vitest';
import { QueryError } from '../../../src/errors.js';
import { compileKqlRegex, translateKqlRegex } from '../../../local/kql/compileKqlRegex.js';

describe('compileKqlRegex (KQL / Rust regex dialect on V8)', () => {
  it.each([
    // [pattern, input, expected first match or null]
    [String.raw`\bcmd\b`, 'run cmd now', 'cmd'],
    [String.raw`\b1\.2`, 'é1.2', null],
    [String.raw`\b1\.2`, ' 1.2', '1.2'],
    [String.raw`\B2`, 'a2', '2'],
    [String.raw`\d+`, 'x٣٤y', '٣٤'],
    [String.raw`\w+`, '--żółw--', 'żółw'],
    [String.raw`\s`, 'a\u00a0b', '\u00a0'],
    ['a.c', 'a\nc a\rc', 'a\rc'],
    ['(?s)a.c', 'a\nc', 'a\nc'],
    ['(?i)CMD', 'cmd', 'cmd'],
    [String.raw`\Aab`, 'ab', 'ab'],
    [String.raw`ab\z`, 'xab', 'ab'],
    ['(?P<x>b)', 'ab', 'b'],
    [String.raw`\x{41}`, 'A', 'A'],
    [String.raw`\pL+`, '12abc', 'abc'],
    [String.raw`\p{Greek}+`, 'abc αβγ', 'αβγ'],
    ['[[:digit:]]+', 'ab12', '12'],
    [String.raw`\#\&\~`, 'x#&~', '#&~'],
    ['[]a]+', 'x]a]', ']a]'],
    ['[^ ]1', ' x1', 'x1'],
  ])('%s on %j finds %j', (pattern, input, expected) => {
    const m = compileKqlRegex(pattern).exec(input);
    expect(m ? m[0] : null).toBe(expected);
  });

  it.each([
    ['(?=a)', /lookaround/],
    ['(?<!a)b', /lookaround/],
    [String.raw`(a)\1`, /backreference/],
    ['a(?i)b', /inline flags/],
    ['(?U)a+', /swap-greed/],
    ['(?P<n>a)(?P=n)', /named backreference/],
    ['(?i:a)b', /scoped flag group/],
    ['[a&&b]', /class set operation/],
    ['[[:foo:]]', /POSIX class/],
    [String.raw`\p{NoSuchClass}`, /unknown Unicode class/],
    ['[abc', /unterminated/],
    ['(', /Invalid regex/],
  ])('rejects %s', (pattern, message) => {
    let caught: unknown;
    try {
      compileKqlRegex(pattern);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(QueryError);
    expect((caught as Error).message).toMatch(message);
  });

  it('caches compiled patterns', () => {
    expect(compileKqlRegex('abc+')).toBe(compileKqlRegex('abc+'));
  });

  it('keeps the leading case-insensitive flag as a RegExp flag', () => {
    expect(translateKqlRegex('(?i)a').flags).toBe('ui');
  });
});
