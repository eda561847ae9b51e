import { describe, expect, it } from 'vitest';
import { bookmarkFor, sightingBookmarkFor } from '../../src/sentinel/bookmarkFor.js';
import { CONTEXT, finding } from './sentinelFixtures.js';
import { entitiesFromText } from '../../src/entities/entityLists.js';

const context = { queryText: CONTEXT.queryText, window: CONTEXT.window, labels: ['soc'] };

describe('bookmarkFor', () => {
  it('carries the query, a query result, event and query times, tactics and techniques', () => {
    const bookmark = bookmarkFor(finding('203.0.113.5'), context);
    expect(bookmark.query).toBe(CONTEXT.queryText);
    expect(JSON.parse(bookmark.queryResult!)).toMatchObject({ IP: '203.0.113.5', Hosts: ['web01.contoso.com'], EventCount: 3 });
    expect(bookmark.eventTime).toEqual(new Date('2024-05-01T09:00:00Z'));
    expect([bookmark.queryStartTime, bookmark.queryEndTime]).toEqual([CONTEXT.window.start, CONTEXT.window.end]);
    expect(bookmark.tactics).toEqual(['CommandAndControl', 'Exfiltration']);
    expect(bookmark.techniques).toEqual(['T1041', 'T1071']);
    expect(bookmark.labels).toEqual(['cmdline-ip-hunter', 'soc']);
    expect(bookmark.entityMappings?.[0]).toEqual({ entityType: 'IP', fieldMappings: [{ identifier: 'Address', value: '203.0.113.5' }] });
  });

  it('lists the hosts and accounts beyond the entity limit in its notes', () => {
    const hosts = Array.from({ length: 15 }, (_, i) => `h${i}`);
    const bookmark = bookmarkFor(finding('203.0.113.5', { hosts, accounts: ['a1'], commandLinesOmitted: 4 }), context);
    expect(bookmark.entityMappings).toHaveLength(10);
    expect(bookmark.notes).toContain('Hosts not mapped as entities (limit reached): h8, h9, h10, h11, h12, h13, h14');
    expect(bookmark.notes).not.toContain('Accounts not mapped');
    expect(bookmark.notes).toContain('4 further distinct command line(s) not kept.');
  });

  it('lists built-in accounts, which Sentinel drops, in its notes instead of mapping them', () => {
    const bookmark = bookmarkFor(finding('203.0.113.5', { accounts: ['NT AUTHORITY\\SYSTEM', 'CONTOSO\\alice'] }), context);
    expect(bookmark.entityMappings!.filter((m) => m.entityType === 'Account')).toEqual([
      { entityType: 'Account', fieldMappings: [{ identifier: 'Name', value: 'alice' }, { identifier: 'NTDomain', value: 'CONTOSO' }] },
    ]);
    expect(bookmark.notes).toContain('Accounts not mapped as entities (built-in accounts, which Sentinel drops): NT AUTHORITY\\SYSTEM');
  });
});

describe('sightingBookmarkFor', () => {
  it('maps the IP and only the new hosts and accounts as entities', () => {
    const f = finding('203.0.113.5', { hosts: ['web01.contoso.com', 'db02'], accounts: ['CONTOSO\\alice', 'CONTOSO\\bob'] });
    const bookmark = sightingBookmarkFor(f, entitiesFromText({ hosts: ['db02'], accounts: ['CONTOSO\\bob'] }), context);
    expect(bookmark.entityMappings).toEqual([
      { entityType: 'IP', fieldMappings: [{ identifier: 'Address', value: '203.0.113.5' }] },
      { entityType: 'Host', fieldMappings: [{ identifier: 'HostName', value: 'db02' }] },
      { entityType: 'Account', fieldMappings: [{ identifier: 'Name', value: 'bob' }, { identifier: 'NTDomain', value: 'CONTOSO' }] },
    ]);
    expect(bookmark.displayName).toBe('Hard-coded external IP 203.0.113.5 seen again: 1 new host, 1 new account');
    expect(JSON.parse(bookmark.queryResult!)).toMatchObject({ IP: '203.0.113.5', NewHosts: ['db02'], NewAccounts: ['CONTOSO\\bob'] });
    expect(bookmark.labels).toEqual(['cmdline-ip-hunter', 'soc']);
    expect(bookmark.tactics).toEqual(['CommandAndControl', 'Exfiltration']);
  });

  it('lists the new hosts and accounts beyond the entity limit in its notes', () => {
    const hosts = Array.from({ length: 8 }, (_, i) => `h${i}`);
    const accounts = Array.from({ length: 6 }, (_, i) => `a${i}`);
    const bookmark = sightingBookmarkFor(finding('203.0.113.5', { hosts, accounts }), entitiesFromText({ hosts, accounts }), context);
    expect(bookmark.entityMappings).toHaveLength(10);
    expect(bookmark.notes).toContain('8 new hosts and 6 new accounts since it was reported');
    expect(bookmark.notes).toContain('Hosts not mapped as entities (limit reached): h5, h6, h7');
    expect(bookmark.notes).toContain('Accounts not mapped as entities (limit reached): a4, a5');
  });
});
