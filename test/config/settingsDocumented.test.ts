import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { repoRoot } from '../support/runCli.js';

const read = (file: string): string => readFileSync(`${repoRoot}/${file}`, 'utf8');

/** Every setting name the loader reads, taken from its source. */
function settingsRead(): string[] {
  const source = read('src/config/loadConfig.ts');
  const names = [...source.matchAll(/r\.(?:raw|required|string|int|bool|oneOf(?:<[^>]+>)?|matching|duration)\(\s*'([A-Za-z_]+)'/g)].map((m) => m[1]!);
  const urls = [...source.matchAll(/urlSetting\(r, '([A-Za-z_]+)'/g)].map((m) => m[1]!);
  return [...new Set([...names, ...urls])].sort();
}

describe('settings documentation', () => {
  const names = settingsRead();
  const sample = JSON.parse(read('local.settings.sample.json')) as { Values: Record<string, string> };
  const readme = read('README.md');

  it('finds the settings the loader reads', () => {
    expect(names.length).toBeGreaterThan(25);
    expect(names).toContain('EXCLUDED_CIDRS');
  });

  it('lists every setting in the README settings table', () => {
    const missing = names.filter((n) => !readme.includes(`| \`${n}\``) && !readme.includes(`\`${n}\` /`) && !readme.includes(`/ \`${n.replace(/^.*__/, '__')}\``));
    expect(missing).toEqual([]);
  });

  it('has every setting but the identity-based storage alternatives in local.settings.sample.json', () => {
    const missing = names.filter((n) => !n.startsWith('AzureWebJobsStorage__') && !(n in sample.Values));
    expect(missing).toEqual([]);
  });

  it('loads local.settings.sample.json without a problem', () => {
    expect(() => loadConfig(sample.Values)).not.toThrow();
  });
});
