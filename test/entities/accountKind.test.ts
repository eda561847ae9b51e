import { describe, expect, it } from 'vitest';
import { accountKind } from '../../src/entities/accountKind.js';

const mappingOf = (text: string) => accountKind.toMapping(accountKind.parse(text)!);

describe('accountKind', () => {
  it('identifies DOMAIN\\user, user@domain and bare names, and shows each as written', () => {
    expect(accountKind.parse('CONTOSO\\alice')).toEqual({ Name: 'alice', NTDomain: 'CONTOSO' });
    expect(accountKind.parse('bob@contoso.com')).toEqual({ Name: 'bob', UPNSuffix: 'contoso.com' });
    expect(accountKind.parse('SYSTEM')).toEqual({ Name: 'SYSTEM' });
    expect(accountKind.parse('')).toBeUndefined();
    for (const text of ['CONTOSO\\alice', 'bob@contoso.com', 'a\\b@c', 'x@y@z', '\\lead', 'trail\\', 'SYSTEM']) {
      expect(accountKind.display(accountKind.parse(text)!)).toBe(text);
    }
  });

  it('compares names case-insensitively', () => {
    expect(accountKind.sameKey(accountKind.parse('contoso\\BOB')!)).toBe(accountKind.sameKey(accountKind.parse('CONTOSO\\bob')!));
  });

  it('reads Account from a raw row and Accounts from a summarized one', () => {
    expect(accountKind.fromRow({ Account: 'CORP\\ann' })).toEqual([{ Name: 'ann', NTDomain: 'CORP' }]);
    expect(accountKind.fromRow({ Accounts: ['u', 'u'], Account: 'ignored' })).toEqual([{ Name: 'u' }]);
  });

  it('splits DOMAIN\\user into Name and NTDomain', () => {
    expect(mappingOf('CONTOSO\\alice')!.fieldMappings).toEqual([
      { identifier: 'Name', value: 'alice' },
      { identifier: 'NTDomain', value: 'CONTOSO' },
    ]);
  });

  it('splits user@domain into Name and UPNSuffix', () => {
    expect(mappingOf('bob@contoso.com')!.fieldMappings).toEqual([
      { identifier: 'Name', value: 'bob' },
      { identifier: 'UPNSuffix', value: 'contoso.com' },
    ]);
  });

  it('keeps a bare name as Name', () => {
    expect(mappingOf('svc-backup')).toEqual({ entityType: 'Account', fieldMappings: [{ identifier: 'Name', value: 'svc-backup' }] });
  });

  it('does not map built-in accounts, which Sentinel drops, whatever the domain or case', () => {
    for (const text of ['SYSTEM', 'NT AUTHORITY\\SYSTEM', 'NT AUTHORITY\\NETWORK SERVICE', 'NT AUTHORITY\\LOCAL SERVICE', 'LocalSystem', 'CONTOSO\\Administrator']) {
      expect({ text, mapping: mappingOf(text) }).toEqual({ text, mapping: undefined });
    }
    expect(mappingOf('CONTOSO\\systemd')).toBeDefined();
    expect(accountKind.unmappedReason).toMatch(/built-in/);
  });

  it('reads its mapping back as Sentinel resolves it', () => {
    expect(accountKind.fromMapping(new Map([['name', 'alice'], ['ntdomain', 'CONTOSO']]))).toEqual({ Name: 'alice', NTDomain: 'CONTOSO' });
    expect(accountKind.fromMapping(new Map([['upnsuffix', 'contoso.com']]))).toBeUndefined();
  });
});
