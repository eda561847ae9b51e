import { describe, expect, it } from 'vitest';
import { globCondition } from '../../../src/exclusions/conditions/globCondition.js';

interface Probe {
  name?: string;
}

describe('globCondition', () => {
  const plain = globCondition('name', (p: Probe) => p.name);
  const withFileName = globCondition('name', (p: Probe) => p.name, { matchFileName: true });

  it('keeps the glob as written', () => {
    expect(plain.parse('BUILD-*')).toEqual({ value: 'BUILD-*' });
  });

  it('matches the whole value case-insensitively and does not match a sighting without it', () => {
    const matches = plain.compile('BUILD-*');
    expect(matches({ name: 'build-07' })).toBe(true);
    expect(matches({ name: 'xbuild-07' })).toBe(false);
    expect(matches({})).toBe(false);
  });

  it('matches a path by its file name only when asked to', () => {
    const path = { name: 'C:\\WindowsAzure\\SecAgent\\WaSecAgentProv.exe' };
    expect(plain.compile('wasecagentprov.exe')(path)).toBe(false);
    expect(withFileName.compile('wasecagentprov.exe')(path)).toBe(true);
    expect(withFileName.compile('/usr/bin/curl')({ name: '/usr/bin/curl' })).toBe(true);
    expect(withFileName.compile('curl')({ name: '/usr/bin/curl' })).toBe(true);
  });

  it('describes itself by key and glob', () => {
    expect(plain.describe('svc_*')).toBe('name svc_*');
  });
});
