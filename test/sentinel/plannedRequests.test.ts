import { describe, expect, it } from 'vitest';
import { plannedRequests } from '../../src/sentinel/plannedRequests.js';
import type { PublishStep } from '../../src/sentinel/publishSteps.js';

const SCOPE = { subscriptionId: 's1', resourceGroup: 'rg', workspaceName: 'ws', apiVersion: '2022-09-01-preview' };
const BASE = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/ws/providers/Microsoft.SecurityInsights';
const at = (relative: string) => `${BASE}/${relative}?api-version=2022-09-01-preview`;
const lastActivity = new Date('2024-05-02T00:00:00Z');

describe('plannedRequests', () => {
  it.each<{ name: string; step: PublishStep; requests: unknown[] }>([
    { name: 'a read is a GET without a body', step: { kind: 'readIncident', incidentId: 'i1' }, requests: [{ method: 'GET', path: at('incidents/i1') }] },
    {
      name: 'a bookmark is a PUT of its properties',
      step: { kind: 'putBookmark', bookmarkId: 'b1', bookmark: { displayName: 'd', query: 'q' } },
      requests: [{ method: 'PUT', path: at('bookmarks/b1'), body: { properties: { displayName: 'd', query: 'q' } } }],
    },
    {
      name: 'a create is a PUT, dates as ISO strings',
      step: { kind: 'putIncident', incidentId: 'i1', incident: { title: 't', lastActivityTimeUtc: lastActivity }, unlessFound: true },
      requests: [{ method: 'PUT', path: at('incidents/i1'), body: { properties: { title: 't', lastActivityTimeUtc: '2024-05-02T00:00:00.000Z' } } }],
    },
    {
      name: 'an update is a PUT carrying the etag',
      step: { kind: 'updateIncident', incidentId: 'i1', incident: { etag: '"e1"', title: 't' }, rebase: () => undefined },
      requests: [{ method: 'PUT', path: at('incidents/i1'), body: { etag: '"e1"', properties: { title: 't' } } }],
    },
    {
      name: 'a relation is a PUT naming the bookmark',
      step: { kind: 'putRelation', incidentId: 'i1', relationName: 'r1', bookmarkId: 'b1', relatedResourceId: `${BASE}/bookmarks/b1` },
      requests: [{ method: 'PUT', path: at('incidents/i1/relations/r1'), body: { properties: { relatedResourceId: `${BASE}/bookmarks/b1` } } }],
    },
    {
      name: 'a comment is a PUT of its message',
      step: { kind: 'putComment', incidentId: 'i1', commentId: 'c1', message: 'm', note: 'comment added' },
      requests: [{ method: 'PUT', path: at('incidents/i1/comments/c1'), body: { properties: { message: 'm' } } }],
    },
    { name: 'a note sends nothing', step: { kind: 'note', text: 'comment skipped' }, requests: [] },
  ])('$name', ({ step, requests }) => {
    expect(plannedRequests([step], SCOPE)).toEqual(requests);
  });
});
