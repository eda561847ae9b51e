import { describe, expect, it } from 'vitest';
import { matchGlob } from '../../src/exclusions/matchGlob.js';

describe('matchGlob', () => {
  it('matches the whole value, case-insensitively', () => {
    expect(matchGlob('cmd.exe', 'CMD.EXE')).toBe(true);
    expect(matchGlob('cmd.exe', 'xcmd.exe')).toBe(false);
    expect(matchGlob('cmd', 'cmd.exe')).toBe(false);
  });

  it('supports * and ? and treats other characters literally', () => {
    expect(matchGlob('BUILD-*', 'build-agent-07')).toBe(true);
    expect(matchGlob('*\\svc_*', 'CONTOSO\\svc_backup')).toBe(true);
    expect(matchGlob('host-??', 'host-1')).toBe(false);
    expect(matchGlob('host-??', 'host-12')).toBe(true);
    expect(matchGlob('a.b', 'axb')).toBe(false);
    expect(matchGlob('*', '')).toBe(true);
    expect(matchGlob('**a**', 'bab')).toBe(true);
  });

  it('stays fast on patterns that make backtracking regexes explode', () => {
    const started = performance.now();
    expect(matchGlob(`${'*a'.repeat(20)}b`, 'a'.repeat(5000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
