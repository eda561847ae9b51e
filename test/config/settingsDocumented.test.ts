import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { repoRoot } from '../support/runCli.js';
import { settingsReadBy } from '../support/settingsReadBy.js';

const read = (file: string): string => readFileSync(`${repoRoot}/${file}`, 'utf8');

/**
 * Every setting name the loader reads, however it reads it: recorded while it loads no settings at all (every fallback
 * and every storage alternative is read) and while it loads the sample (settings read only when others are set).
 */
function settingsRead(sample: Record<string, string>): string[] {
  return [...new Set([...settingsReadBy({}), ...settingsReadBy(sample)])].sort();
}

describe('settings documentation', () => {
  const sample = JSON.parse(read('local.settings.sample.json')) as { Values: Record<string, string> };
  const names = settingsRead(sample.Values);
  const readme = read('README.md');

  it('finds the settings the loader reads', () => {
    expect(names.length).toBeGreaterThan(25);
    expect(names).toContain('EXCLUDED_CIDRS');
    // Read through the list readers, not the SettingReader methods.
    expect(names).toEqual(expect.arrayContaining(['EVIDENCE_SOURCES', 'INCIDENT_HIGH_SEVERITY_EVIDENCE', 'HUNT_PROCESSES', 'HUNT_SOURCES']));
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
