import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RestError } from '@azure/core-rest-pipeline';
import { startHarness, type Harness } from '../../sentinel/sentinelFixtures.js';
import { sentinelBasePath } from '../../../src/sentinel/sentinelPaths.js';

let harness: Harness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await harness?.server.close();
  harness = undefined;
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function setup(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness & { rg: string; ws: string; base: string }> {
  harness = await startHarness(options);
  return { ...harness, rg: harness.config.resourceGroup, ws: harness.config.workspaceName, base: sentinelBasePath(harness.config) };
}

const incident = (title: string, labels: string[] = []) => ({
  title,
  severity: 'Medium' as const,
  status: 'New' as const,
  labels: labels.map((labelName) => ({ labelName })),
});

async function rejection(promise: Promise<unknown>): Promise<RestError> {
  try {
    await promise;
  } catch (error) {
    return error as RestError;
  }
  throw new Error('expected the call to fail');
}

/** A raw request, for what the SDK would never send (no token, odd api-versions). */
async function raw(h: { server: { port: number } }, path: string, init: RequestInit = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`http://127.0.0.1:${h.server.port}${path}`, init);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

describe('startSentinelServer: incidents', () => {
  it('answers 201 on create and 200 on update, in ARM envelopes, numbering incidents in order', async () => {
    const h = await setup();
    let status = 0;
    const onResponse = (r: { status: number }) => (status = r.status);
    const a = await h.client.incidents.createOrUpdate(h.rg, h.ws, 'inc-a', incident('A'), { onResponse });
    expect(status).toBe(201);
    const b = await h.client.incidents.createOrUpdate(h.rg, h.ws, 'inc-b', incident('B'), { onResponse });
    const a2 = await h.client.incidents.createOrUpdate(h.rg, h.ws, 'inc-a', { ...a, title: 'A2' }, { onResponse });
    expect(status).toBe(200);
    expect([a.incidentNumber, b.incidentNumber, a2.incidentNumber]).toEqual([1, 2, 1]);
    expect(a2).toMatchObject({ id: `${h.base}/incidents/inc-a`, name: 'inc-a', type: 'Microsoft.SecurityInsights/Incidents', title: 'A2' });
    expect(a2.etag).toMatch(/^"[0-9a-f-]{36}"$/);
    expect(a2.etag).not.toBe(a.etag);
    expect(a2.createdTimeUtc).toEqual(a.createdTimeUtc);
    expect(a2.systemData?.createdBy).toBe('local-emulator');
  });

  it('rejects an incident without title, severity or status with an ARM error body', async () => {
    const h = await setup();
    for (const field of ['title', 'severity', 'status'] as const) {
      const body = { ...incident('x'), [field]: undefined };
      const error = await rejection(h.client.incidents.createOrUpdate(h.rg, h.ws, 'bad', body));
      expect(error.statusCode).toBe(400);
      expect(error.code).toBe('BadRequest');
      expect(error.message).toBe(`Incident '${field}' is required`);
    }
    expect(h.server.store.count('incident')).toBe(0);
  });

  it('refuses to close an incident without a classification', async () => {
    const h = await setup();
    const error = await rejection(h.client.incidents.createOrUpdate(h.rg, h.ws, 'x', { ...incident('x'), status: 'Closed' }));
    expect(error.message).toBe('Closing an incident requires a classification');
  });

  it('answers 409 Conflict to a PUT that carries a stale etag, and takes one without an etag', async () => {
    const h = await setup();
    const first = await h.client.incidents.createOrUpdate(h.rg, h.ws, 'inc', incident('A'));
    await h.client.incidents.createOrUpdate(h.rg, h.ws, 'inc', { ...first, title: 'B' });
    const error = await rejection(h.client.incidents.createOrUpdate(h.rg, h.ws, 'inc', { ...first, title: 'C' }));
    expect(error.statusCode).toBe(409);
    expect(error.code).toBe('Conflict');
    expect(error.message).toMatch(/^New version of resource 'inc' exists\. Data was not saved/);
    expect((await h.client.incidents.get(h.rg, h.ws, 'inc')).title).toBe('B');
    const { etag: _stale, ...withoutEtag } = first;
    expect((await h.client.incidents.createOrUpdate(h.rg, h.ws, 'inc', { ...withoutEtag, title: 'D' })).title).toBe('D');
  });

  it('answers 404 for an unknown incident', async () => {
    const h = await setup();
    const error = await rejection(h.client.incidents.get(h.rg, h.ws, 'nope'));
    expect([error.statusCode, error.code, error.message]).toEqual([404, 'NotFound', 'Incident nope not found']);
  });

  it('lists by label with $filter, pages with $top and absolute https nextLinks', async () => {
    const h = await setup();
    for (let i = 1; i <= 7; i += 1) {
      await h.client.incidents.createOrUpdate(h.rg, h.ws, `inc-${i}`, incident(`T${i}`, i % 2 === 1 ? ['cmdline-ip-hunter'] : ['other']));
    }
    const filter = "properties/labels/any(l: l/labelName eq 'cmdline-ip-hunter')";
    const titles: string[] = [];
    for await (const item of h.client.incidents.list(h.rg, h.ws, { filter, top: 2 })) titles.push(item.title!);
    expect(titles).toEqual(['T1', 'T3', 'T5', 'T7']);
    const lists = h.server.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/incidents'));
    expect(lists).toHaveLength(2);
    const page = await raw(h, `${h.base}/incidents?api-version=2022-09-01-preview&$top=3`, { headers: { authorization: 'Bearer t' } });
    expect(page.body.value).toHaveLength(3);
    expect(page.body.nextLink).toMatch(new RegExp(`^https://127\\.0\\.0\\.1:${h.server.port}/subscriptions/.*\\$skipToken=3`));
  });

  it('orders with $orderby and rejects a filter it does not understand', async () => {
    const h = await setup();
    for (const t of ['b', 'c', 'a']) await h.client.incidents.createOrUpdate(h.rg, h.ws, t, incident(t));
    const titles: string[] = [];
    for await (const item of h.client.incidents.list(h.rg, h.ws, { orderby: 'properties/title desc' })) titles.push(item.title!);
    expect(titles).toEqual(['c', 'b', 'a']);
    const error = await rejection(h.client.incidents.list(h.rg, h.ws, { filter: "startswith(properties/title, 'a')" }).next());
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(/Invalid OData query: unsupported filter expression/);
  });
});

describe('startSentinelServer: comments, bookmarks, relations, entities', () => {
  it('relates a bookmark to an incident and resolves its entities', async () => {
    const h = await setup();
    await h.client.incidents.createOrUpdate(h.rg, h.ws, 'inc', incident('A'));
    const bookmark = await h.client.bookmarks.createOrUpdate(h.rg, h.ws, 'bm', {
      displayName: 'bm',
      query: 'SecurityEvent',
      tactics: ['CommandAndControl'],
      entityMappings: [
        { entityType: 'IP', fieldMappings: [{ identifier: 'Address', value: '203.0.113.5' }] },
        { entityType: 'Host', fieldMappings: [{ identifier: 'HostName', value: 'web01' }, { identifier: 'DnsDomain', value: 'contoso.com' }] },
        { entityType: 'Host', fieldMappings: [{ identifier: 'FullName', value: 'db02.fabrikam.com' }] },
        // Sentinel drops an Account whose Name is a generic built-in account name.
        { entityType: 'Account', fieldMappings: [{ identifier: 'Name', value: 'SYSTEM' }, { identifier: 'NTDomain', value: 'NT AUTHORITY' }] },
      ],
    });
    const relation = await h.client.incidentRelations.createOrUpdate(h.rg, h.ws, 'inc', 'rel', { relatedResourceId: bookmark.id });
    expect(relation).toMatchObject({ relatedResourceName: 'bm', relatedResourceType: 'Microsoft.SecurityInsights/Bookmarks' });
    const { entities = [], metaData = [] } = await h.client.incidents.listEntities(h.rg, h.ws, 'inc');
    expect(entities.map((e) => e.kind)).toEqual(['Ip', 'Host', 'Host']);
    expect(entities[1]).toMatchObject({ hostName: 'web01', dnsDomain: 'contoso.com' });
    expect(entities[2]).toMatchObject({ hostName: 'db02', dnsDomain: 'fabrikam.com' });
    expect(metaData).toEqual([{ count: 1, entityKind: 'Ip' }, { count: 2, entityKind: 'Host' }]);
    const got = await h.client.incidents.get(h.rg, h.ws, 'inc');
    expect(got.additionalData).toMatchObject({ bookmarksCount: 1, tactics: ['CommandAndControl'] });
    const relations = [];
    for await (const r of h.client.incidentRelations.list(h.rg, h.ws, 'inc')) relations.push(r.name);
    expect(relations).toEqual(['rel']);
  });

  it('answers 403 AuthorizationFailed, as ARM does, for an action it is told the caller lacks', async () => {
    const h = await setup({ deniedActions: ['Microsoft.SecurityInsights/incidents/write'] });
    const error = await rejection(h.client.incidents.createOrUpdate(h.rg, h.ws, 'inc', incident('A')));
    expect([error.statusCode, error.code]).toEqual([403, 'AuthorizationFailed']);
    expect(error.message).toMatch(/does not have authorization to perform action 'Microsoft\.SecurityInsights\/incidents\/write' over scope/);
    h.server.deniedActions.clear();
    expect((await h.client.incidents.createOrUpdate(h.rg, h.ws, 'inc', incident('A'))).title).toBe('A');
  });

  it('shows a related bookmark\'s entities on the incident only once the entity delay has passed', async () => {
    const h = await setup({ entityDelayMs: 3_600_000 });
    await h.client.incidents.createOrUpdate(h.rg, h.ws, 'inc', incident('A'));
    const bookmark = await h.client.bookmarks.createOrUpdate(h.rg, h.ws, 'bm', {
      displayName: 'bm',
      query: 'SecurityEvent',
      entityMappings: [{ entityType: 'IP', fieldMappings: [{ identifier: 'Address', value: '192.0.2.1' }] }],
    });
    await h.client.incidentRelations.createOrUpdate(h.rg, h.ws, 'inc', 'rel', { relatedResourceId: bookmark.id });
    expect((await h.client.incidents.listEntities(h.rg, h.ws, 'inc')).entities).toEqual([]);
    h.server.behaviour.entityDelayMs = 0;
    expect((await h.client.incidents.listEntities(h.rg, h.ws, 'inc')).entities?.map((e) => e.kind)).toEqual(['Ip']);
  });

  it('rejects a relation to something that is not a bookmark of the workspace', async () => {
    const h = await setup();
    await h.client.incidents.createOrUpdate(h.rg, h.ws, 'inc', incident('A'));
    const error = await rejection(h.client.incidentRelations.createOrUpdate(h.rg, h.ws, 'inc', 'rel', { relatedResourceId: `${h.base}/bookmarks/missing` }));
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(/is not a bookmark of this workspace/);
  });

  it('requires a bookmark display name and query, and enforces the entity mapping limits', async () => {
    const h = await setup();
    const missing = await rejection(h.client.bookmarks.createOrUpdate(h.rg, h.ws, 'bm', { displayName: 'x' }));
    expect(missing.message).toBe("Bookmark 'query' is required");
    const tooMany = Array.from({ length: 11 }, (_, i) => ({ entityType: 'IP', fieldMappings: [{ identifier: 'Address', value: `203.0.113.${i}` }] }));
    const over = await rejection(h.client.bookmarks.createOrUpdate(h.rg, h.ws, 'bm', { displayName: 'x', query: 'q', entityMappings: tooMany }));
    expect(over.message).toBe('Bookmark has 11 entity mappings; the limit is 10');
  });

  it('drops bookmark entity mappings under a stable api-version, as its schema has none', async () => {
    const h = await setup({ config: { apiVersion: '2024-09-01' } });
    const saved = await h.client.bookmarks.createOrUpdate(h.rg, h.ws, 'bm', {
      displayName: 'x',
      query: 'q',
      entityMappings: [{ entityType: 'IP', fieldMappings: [{ identifier: 'Address', value: '203.0.113.5' }] }],
    });
    expect(saved.entityMappings).toBeUndefined();
  });

  it('stores comments under their incident and lists them', async () => {
    const h = await setup();
    await h.client.incidents.createOrUpdate(h.rg, h.ws, 'inc', incident('A'));
    await h.client.incidentComments.createOrUpdate(h.rg, h.ws, 'inc', 'c1', { message: 'one' });
    await h.client.incidentComments.createOrUpdate(h.rg, h.ws, 'inc', 'c1', { message: 'one, edited' });
    await h.client.incidentComments.createOrUpdate(h.rg, h.ws, 'inc', 'c2', { message: 'two' });
    const messages = [];
    for await (const c of h.client.incidentComments.list(h.rg, h.ws, 'inc')) messages.push(c.message);
    expect(messages).toEqual(['one, edited', 'two']);
    expect((await h.client.incidents.get(h.rg, h.ws, 'inc')).additionalData?.commentsCount).toBe(2);
    const orphan = await rejection(h.client.incidentComments.createOrUpdate(h.rg, h.ws, 'nope', 'c', { message: 'x' }));
    expect(orphan.statusCode).toBe(404);
  });

  it('deletes an incident with its comments and relations', async () => {
    const h = await setup();
    await h.client.incidents.createOrUpdate(h.rg, h.ws, 'inc', incident('A'));
    await h.client.incidentComments.createOrUpdate(h.rg, h.ws, 'inc', 'c1', { message: 'one' });
    await h.client.incidents.delete(h.rg, h.ws, 'inc');
    expect(h.server.store.count('incident') + h.server.store.count('comment')).toBe(0);
  });
});

describe('startSentinelServer: watchlists', () => {
  it('creates a watchlist and its items and lists them', async () => {
    const h = await setup();
    await h.client.watchlists.createOrUpdate(h.rg, h.ws, 'scanners', { displayName: 'Scanners', provider: 'SOC', source: 'Local file', itemsSearchKey: 'IPAddress' });
    await h.client.watchlistItems.createOrUpdate(h.rg, h.ws, 'scanners', 'i1', { itemsKeyValue: { IPAddress: '198.51.100.7', Reason: 'scanner' } });
    const items = [];
    for await (const item of h.client.watchlistItems.list(h.rg, h.ws, 'scanners')) items.push(item);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ watchlistItemId: 'i1', isDeleted: false, itemsKeyValue: { IPAddress: '198.51.100.7', Reason: 'scanner' } });
    const lists = [];
    for await (const w of h.client.watchlists.list(h.rg, h.ws)) lists.push(w.watchlistAlias);
    expect(lists).toEqual(['scanners']);
    const bad = await rejection(h.client.watchlists.createOrUpdate(h.rg, h.ws, 'x', { displayName: 'x', provider: 'p' }));
    expect(bad.message).toBe("Watchlist 'itemsSearchKey' is required");
  });
});

describe('startSentinelServer: protocol', () => {
  it('answers 401 without a bearer token', async () => {
    const h = await setup();
    const response = await raw(h, `${h.base}/incidents?api-version=2022-09-01-preview`);
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('AuthenticationFailed');
  });

  it('answers 400 to a missing or unknown api-version', async () => {
    const h = await setup();
    const headers = { authorization: 'Bearer t' };
    expect((await raw(h, `${h.base}/incidents`, { headers })).body.error.code).toBe('MissingApiVersionParameter');
    const unknown = await raw(h, `${h.base}/incidents?api-version=2099-01-01`, { headers });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('InvalidApiVersionParameter');
  });

  it('injects 429 with Retry-After, 503 and delays', async () => {
    const h = await setup();
    h.server.faults.next({ kind: 'status', status: 429, retryAfterSeconds: 2 }).next({ kind: 'delay', ms: 60 });
    const headers = { authorization: 'Bearer t' };
    const throttled = await raw(h, `${h.base}/incidents?api-version=2022-09-01-preview`, { headers });
    expect([throttled.status, throttled.headers.get('retry-after'), throttled.body.error.code]).toEqual([429, '2', 'TooManyRequests']);
    const started = Date.now();
    expect((await raw(h, `${h.base}/incidents?api-version=2022-09-01-preview`, { headers })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('persists to a JSON file and loads it again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sentinel-state-'));
    dirs.push(dir);
    const stateFile = join(dir, 'sentinel.json');
    const h = await setup({ stateFile });
    await h.client.incidents.createOrUpdate(h.rg, h.ws, 'inc', incident('Persisted'));
    await h.server.close();
    harness = undefined;
    expect(JSON.parse(await readFile(stateFile, 'utf8')).resources).toHaveLength(1);
    const again = await setup({ stateFile });
    expect((await again.client.incidents.get(again.rg, again.ws, 'inc')).title).toBe('Persisted');
    const next = await again.client.incidents.createOrUpdate(again.rg, again.ws, 'inc-2', incident('Second'));
    expect(next.incidentNumber).toBe(2);
  });
});
