import { describe, expect, it } from 'vitest';
import { conditionsOf, exclusionConditionKeys, exclusionConditions, type Sighting } from '../../../src/exclusions/conditions/exclusionConditions.js';

const byKey = Object.fromEntries(exclusionConditions.map((c) => [c.key, c]));

function matches(key: string, text: string, sighting: Sighting): boolean {
  const condition = byKey[key]!;
  const parsed = condition.parse(text);
  if (!('value' in parsed)) throw new Error(`${key} refused ${text}: ${parsed.problem}`);
  return condition.compile(parsed.value)(sighting);
}

describe('exclusionConditions', () => {
  // These keys, in this order, are what messages list ("needs at least one condition (ip, process, …)").
  it('lists the conditions in the order rules check, describe and name them', () => {
    expect(exclusionConditionKeys).toEqual(['ip', 'process', 'host', 'account', 'commandLine']);
  });

  it.each([
    ['ip', '45.9.148.0/24', { ip: '45.9.148.3' }, { ip: '45.9.149.3' }],
    ['process', 'curl.exe', { ip: '', process: 'C:\\Windows\\System32\\curl.exe' }, { ip: '', process: 'powershell.exe' }],
    ['host', 'BUILD-*', { ip: '', host: 'build-07' }, { ip: '', host: 'laptop-1' }],
    ['account', 'CONTOSO\\svc_*', { ip: '', account: 'contoso\\SVC_backup' }, { ip: '', account: 'CONTOSO\\alice' }],
    ['commandLine', 'nuget\\.exe .*--source', { ip: '', commandLine: 'NuGet.exe restore --source x' }, { ip: '', commandLine: 'nuget.exe restore' }],
  ])('%s %s reads its own sighting field', (key, text, hit, miss) => {
    expect(matches(key, text, hit)).toBe(true);
    expect(matches(key, text, miss)).toBe(false);
  });

  it.each([
    ['process', '*'],
    ['host', '*'],
    ['account', '*'],
    ['commandLine', '.*'],
  ])('%s %s does not match a sighting that lacks the field', (key, text) => {
    expect(matches(key, text, { ip: '45.9.148.3' })).toBe(false);
  });

  it('gives the conditions a rule has, in list order, with their values', () => {
    const present = conditionsOf({ account: 'svc_*', ip: { cidr: '45.9.148.3/32', source: '45.9.148.3' } });
    expect(present.map(({ condition, value }) => [condition.key, value])).toEqual([
      ['ip', { cidr: '45.9.148.3/32', source: '45.9.148.3' }],
      ['account', 'svc_*'],
    ]);
  });
});
