import { afterEach, describe, expect, it } from 'vitest';
import { executeSteps, type StepSender } from '../../src/sentinel/executeSteps.js';
import type { PublishStep } from '../../src/sentinel/publishSteps.js';
import { silentLogger } from '../../src/logger.js';
import { startHarness, type Harness } from './sentinelFixtures.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.server.close();
  harness = undefined;
});

async function setup(): Promise<Harness & { sender: StepSender }> {
  harness = await startHarness();
  const { client, config } = harness;
  return { ...harness, sender: { client, resourceGroup: config.resourceGroup, workspaceName: config.workspaceName, logger: silentLogger } };
}

/** `METHOD status last-two-path-segments` of the requests after the first `skip`. */
function requestLines(h: Harness, skip = 0): string[] {
  return h.server.requests.slice(skip).map((r) => `${r.method} ${r.status} ${r.path.replace(/\?.*$/, '').split('/').slice(-2).join('/')}`);
}

const IP = '203.0.113.5';
const INCIDENT = { title: 'Hard-coded external IP', severity: 'Medium' as const, status: 'New' as const };
const bookmarkAndRelation = (incidentId: string): PublishStep[] => [
  { kind: 'putBookmark', bookmarkId: 'b1', bookmark: { displayName: 'b1', query: 'q' } },
  { kind: 'putRelation', incidentId, relationName: 'r1', bookmarkId: 'b1', relatedResourceId: '/not-used-when-the-bookmark-was-saved' },
];

describe('executeSteps', () => {
  it('sends the steps in order and relates the bookmark by the id the service returned', async () => {
    const h = await setup();
    const steps: PublishStep[] = [
      bookmarkAndRelation('i1')[0]!,
      { kind: 'putIncident', incidentId: 'i1', incident: INCIDENT, unlessFound: false },
      bookmarkAndRelation('i1')[1]!,
      { kind: 'note', text: 'sends nothing' },
      { kind: 'putComment', incidentId: 'i1', commentId: 'c1', message: 'hello', note: 'comment added' },
    ];
    const executed = await executeSteps(h.sender, IP, steps);
    expect(requestLines(h)).toEqual(['PUT 201 bookmarks/b1', 'PUT 201 incidents/i1', 'PUT 201 relations/r1', 'PUT 201 comments/c1']);
    expect(executed.created).toMatchObject({ incidentNumber: 1 });
    const relation = h.server.store.all('relation')[0]!;
    expect(relation.properties['relatedResourceId']).toMatch(/\/bookmarks\/b1$/);
  });

  it('reports a read that finds nothing (404) as not found, and then writes the incident', async () => {
    const h = await setup();
    const executed = await executeSteps(h.sender, IP, [
      { kind: 'readIncident', incidentId: 'i1' },
      { kind: 'putIncident', incidentId: 'i1', incident: INCIDENT, unlessFound: true },
    ]);
    expect(executed.found).toBeUndefined();
    expect(requestLines(h)).toEqual(['GET 404 incidents/i1', 'PUT 201 incidents/i1']);
  });

  it('skips the create of an incident the read found, when the step says so', async () => {
    const h = await setup();
    await executeSteps(h.sender, IP, [{ kind: 'putIncident', incidentId: 'i1', incident: INCIDENT, unlessFound: false }]);
    const skip = h.server.requests.length;
    const executed = await executeSteps(h.sender, IP, [
      { kind: 'readIncident', incidentId: 'i1' },
      { kind: 'putIncident', incidentId: 'i1', incident: { ...INCIDENT, title: 'rewritten' }, unlessFound: true },
    ]);
    expect(executed.found).toMatchObject({ title: INCIDENT.title });
    expect(executed.created).toBeUndefined();
    expect(requestLines(h, skip)).toEqual(['GET 200 incidents/i1']);
  });

  it('updates with the etag, and when the incident changed since (409 Conflict) applies the change to a fresh read once', async () => {
    const h = await setup();
    const { created } = await executeSteps(h.sender, IP, [{ kind: 'putIncident', incidentId: 'i1', incident: INCIDENT, unlessFound: false }]);
    // An analyst changes the incident after it was read: the etag the update carries is stale.
    const { etag: _read, ...withoutEtag } = created!;
    const changed = await h.client.incidents.createOrUpdate(h.config.resourceGroup, h.config.workspaceName, 'i1', { ...withoutEtag, owner: { assignedTo: 'analyst' } });
    const skip = h.server.requests.length;
    const rebased: string[] = [];
    const executed = await executeSteps(h.sender, IP, [
      {
        kind: 'updateIncident',
        incidentId: 'i1',
        incident: { ...created!, severity: 'High' },
        rebase: (fresh) => (rebased.push(fresh.etag ?? ''), { ...fresh, severity: 'High' }),
      },
    ]);
    expect(requestLines(h, skip)).toEqual(['PUT 409 incidents/i1', 'GET 200 incidents/i1', 'PUT 200 incidents/i1']);
    expect(rebased).toEqual([changed.etag]);
    expect(executed.updated).toMatchObject({ severity: 'High', owner: { assignedTo: 'analyst' } });
  });

  it('stops at the first failure, naming the operation, its target and the service answer', async () => {
    const h = await setup();
    h.server.faults.next({ kind: 'status', status: 400, code: 'BadRequest', message: 'Bookmark rejected' }, { match: (r) => r.method === 'PUT' });
    await expect(executeSteps(h.sender, IP, bookmarkAndRelation('i1'))).rejects.toMatchObject({
      name: 'ServiceError',
      statusCode: 400,
      message: `PUT bookmark b1 for ${IP} failed (400 BadRequest): Bookmark rejected`,
    });
    expect(requestLines(h)).toEqual(['PUT 400 bookmarks/b1']);
  });
});
