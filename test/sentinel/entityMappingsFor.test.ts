import { describe, expect, it } from 'vitest';
import { accountEntity, entityMappingsFor, hostEntity } from '../../src/sentinel/entityMappingsFor.js';
import { SENTINEL_LIMITS } from '../../src/sentinel/sentinelLimits.js';

describe('hostEntity', () => {
  it('maps a short name to HostName only', () => {
    expect(hostEntity('WEB01')).toEqual({ entityType: 'Host', fieldMappings: [{ identifier: 'HostName', value: 'WEB01' }] });
  });

  it('adds FullName for an FQDN', () => {
    expect(hostEntity('web01.contoso.com').fieldMappings).toEqual([
      { identifier: 'HostName', value: 'web01' },
      { identifier: 'FullName', value: 'web01.contoso.com' },
    ]);
  });
});

describe('accountEntity', () => {
  it('splits DOMAIN\\user into Name and NTDomain', () => {
    expect(accountEntity('CONTOSO\\alice').fieldMappings).toEqual([
      { identifier: 'Name', value: 'alice' },
      { identifier: 'NTDomain', value: 'CONTOSO' },
    ]);
  });

  it('splits user@domain into Name and UPNSuffix', () => {
    expect(accountEntity('bob@contoso.com').fieldMappings).toEqual([
      { identifier: 'Name', value: 'bob' },
      { identifier: 'UPNSuffix', value: 'contoso.com' },
    ]);
  });

  it('keeps a bare name as Name', () => {
    expect(accountEntity('SYSTEM').fieldMappings).toEqual([{ identifier: 'Name', value: 'SYSTEM' }]);
  });
});

describe('entityMappingsFor', () => {
  it('puts the IP first, then alternates hosts and accounts', () => {
    const plan = entityMappingsFor('203.0.113.5', ['h1', 'h2'], ['a1']);
    expect(plan.mappings.map((m) => `${m.entityType}:${m.fieldMappings![0]!.value}`)).toEqual(['IP:203.0.113.5', 'Host:h1', 'Account:a1', 'Host:h2']);
    expect(plan.omittedHosts).toEqual([]);
    expect(plan.omittedAccounts).toEqual([]);
  });

  it('stays within the entity mapping and identifier limits and reports the rest', () => {
    const hosts = Array.from({ length: 12 }, (_, i) => `host${i}.contoso.com`);
    const accounts = Array.from({ length: 4 }, (_, i) => `CONTOSO\\user${i}`);
    const plan = entityMappingsFor('203.0.113.5', hosts, accounts);
    expect(plan.mappings).toHaveLength(SENTINEL_LIMITS.entityMappings);
    for (const m of plan.mappings) expect(m.fieldMappings!.length).toBeLessThanOrEqual(SENTINEL_LIMITS.identifiersPerEntity);
    const mappedHosts = plan.mappings.filter((m) => m.entityType === 'Host').length;
    const mappedAccounts = plan.mappings.filter((m) => m.entityType === 'Account').length;
    expect(mappedHosts + plan.omittedHosts.length).toBe(12);
    expect(mappedAccounts + plan.omittedAccounts.length).toBe(4);
    expect(mappedAccounts).toBe(4);
    expect(plan.omittedHosts).toEqual(hosts.slice(mappedHosts));
  });

  it('skips blank names', () => {
    expect(entityMappingsFor('203.0.113.5', ['', ' '], ['']).mappings).toHaveLength(1);
  });
});
