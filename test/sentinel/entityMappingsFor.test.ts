import { describe, expect, it } from 'vitest';
import { accountKind } from '../../src/entities/accountKind.js';
import { entitiesFromText } from '../../src/entities/entityLists.js';
import { hostKind } from '../../src/entities/hostKind.js';
import { entityMappingsFor } from '../../src/sentinel/entityMappingsFor.js';
import { SENTINEL_LIMITS } from '../../src/sentinel/sentinelLimits.js';

const plan = (ip: string, hosts: string[], accounts: string[]) => {
  const { mappings, omitted } = entityMappingsFor(ip, entitiesFromText({ hosts, accounts }));
  return { mappings, omittedHosts: omitted.hosts!.map(hostKind.display), omittedAccounts: omitted.accounts!.map(accountKind.display) };
};

describe('entityMappingsFor', () => {
  it('puts the IP first, then alternates hosts and accounts', () => {
    const p = plan('203.0.113.5', ['h1', 'h2'], ['a1']);
    expect(p.mappings.map((m) => `${m.entityType}:${m.fieldMappings![0]!.value}`)).toEqual(['IP:203.0.113.5', 'Host:h1', 'Account:a1', 'Host:h2']);
    expect(p.omittedHosts).toEqual([]);
    expect(p.omittedAccounts).toEqual([]);
  });

  it('stays within the entity mapping and identifier limits and reports the rest', () => {
    const hosts = Array.from({ length: 12 }, (_, i) => `host${i}.contoso.com`);
    const accounts = Array.from({ length: 4 }, (_, i) => `CONTOSO\\user${i}`);
    const p = plan('203.0.113.5', hosts, accounts);
    expect(p.mappings).toHaveLength(SENTINEL_LIMITS.entityMappings);
    for (const m of p.mappings) expect(m.fieldMappings!.length).toBeLessThanOrEqual(SENTINEL_LIMITS.identifiersPerEntity);
    const mappedHosts = p.mappings.filter((m) => m.entityType === 'Host').length;
    const mappedAccounts = p.mappings.filter((m) => m.entityType === 'Account').length;
    expect(mappedHosts + p.omittedHosts.length).toBe(12);
    expect(mappedAccounts + p.omittedAccounts.length).toBe(4);
    expect(mappedAccounts).toBe(4);
    expect(p.omittedHosts).toEqual(hosts.slice(mappedHosts));
  });

  it('leaves built-in accounts out of the mappings, without taking a slot, and reports them apart', () => {
    const { mappings, omitted, unmapped } = entityMappingsFor('203.0.113.5', entitiesFromText({ hosts: ['h1'], accounts: ['NT AUTHORITY\\SYSTEM', 'CONTOSO\\alice'] }));
    expect(mappings.map((m) => `${m.entityType}:${m.fieldMappings![0]!.value}`)).toEqual(['IP:203.0.113.5', 'Host:h1', 'Account:alice']);
    expect(unmapped.accounts!.map(accountKind.display)).toEqual(['NT AUTHORITY\\SYSTEM']);
    expect(omitted.accounts).toEqual([]);
  });

  it('skips blank names', () => {
    expect(plan('203.0.113.5', ['', ' '], ['']).mappings).toHaveLength(1);
  });
});
