import { describe, expect, it } from 'vitest';
import { hostKind } from '../../src/entities/hostKind.js';

const mappingOf = (text: string) => hostKind.toMapping(hostKind.parse(text)!);

describe('hostKind', () => {
  it('identifies an FQDN by HostName and DnsDomain, a short name or an address by HostName, and shows it as written', () => {
    expect(hostKind.parse(' web01.contoso.com ')).toEqual({ HostName: 'web01', DnsDomain: 'contoso.com' });
    expect(hostKind.parse('WEB01')).toEqual({ HostName: 'WEB01' });
    expect(hostKind.parse('10.1.2.3')).toEqual({ HostName: '10.1.2.3' });
    expect(hostKind.parse(' ')).toBeUndefined();
    for (const text of ['web01.contoso.com', 'WEB01', '10.1.2.3', '.hidden', 'trailing.']) expect(hostKind.display(hostKind.parse(text)!)).toBe(text);
  });

  it('compares names case-insensitively', () => {
    expect(hostKind.sameKey(hostKind.parse('WEB01.Contoso.com')!)).toBe(hostKind.sameKey(hostKind.parse('web01.contoso.com')!));
    expect(hostKind.sameKey(hostKind.parse('web01')!)).not.toBe(hostKind.sameKey(hostKind.parse('web01.contoso.com')!));
  });

  it('reads Computer from a raw row and Hosts from a summarized one', () => {
    expect(hostKind.fromRow({ Computer: 'PC1.corp.local' })).toEqual([{ HostName: 'PC1', DnsDomain: 'corp.local' }]);
    expect(hostKind.fromRow({ Hosts: '["A","B"]', Computer: 'ignored' })).toEqual([{ HostName: 'A' }, { HostName: 'B' }]);
    expect(hostKind.fromRow({ Hosts: ['A', '', ' '] })).toEqual([{ HostName: 'A' }]);
  });

  it('maps a short name to HostName only', () => {
    expect(mappingOf('WEB01')).toEqual({ entityType: 'Host', fieldMappings: [{ identifier: 'HostName', value: 'WEB01' }] });
  });

  it('maps an FQDN to HostName and DnsDomain, never the legacy FullName', () => {
    expect(mappingOf('web01.contoso.com').fieldMappings).toEqual([
      { identifier: 'HostName', value: 'web01' },
      { identifier: 'DnsDomain', value: 'contoso.com' },
    ]);
  });

  it('reads its mapping back as Sentinel resolves it, and a legacy FullName mapping too', () => {
    const fields = (mapping: ReturnType<typeof mappingOf>) => new Map(mapping!.fieldMappings!.map((f) => [f.identifier!.toLowerCase(), f.value!]));
    expect(hostKind.fromMapping(fields(mappingOf('web01.contoso.com')))).toEqual({ HostName: 'web01', DnsDomain: 'contoso.com' });
    expect(hostKind.fromMapping(new Map([['fullname', 'db02.fabrikam.com']]))).toEqual({ HostName: 'db02', DnsDomain: 'fabrikam.com' });
    expect(hostKind.fromMapping(new Map())).toBeUndefined();
  });
});
