import { entitiesFromBookmarks } from './entitiesFromBookmarks.js';
import { ODataError, parseFilter, parseOrderBy } from './odataFilter.js';
import type { ResourceKind, SentinelStore, StoredResource } from './SentinelStore.js';

/** What the HTTP layer hands to the API: the parsed request. */
export interface ApiRequest {
  readonly method: string;
  readonly url: URL;
  /** Parsed JSON body, or undefined when there was none. */
  readonly body: unknown;
  /** `host:port` for absolute nextLinks. */
  readonly host: string;
  readonly now: Date;
  /**
   * How long after its relation a bookmark's entities show on the incident (`POST …/entities`), in ms. The service
   * resolves them asynchronously and they can take minutes to appear, so clients poll (the `doctor` write test does).
   */
  readonly entityDelayMs?: number;
}

export interface ApiResponse {
  readonly status: number;
  readonly body?: unknown;
  /** True when the store changed (the server then persists it). */
  readonly changed?: boolean;
}

/** Sentinel's documented limits the emulator enforces as the service does (sentinel-service-limits). */
const LIMITS = { descriptionChars: 5_000, commentChars: 30_000, commentsPerIncident: 100, bookmarksPerIncident: 20, top: 1_000 };

const TYPES: Record<ResourceKind, string> = {
  incident: 'Microsoft.SecurityInsights/Incidents',
  comment: 'Microsoft.SecurityInsights/Incidents/Comments',
  relation: 'Microsoft.SecurityInsights/Incidents/Relations',
  bookmark: 'Microsoft.SecurityInsights/Bookmarks',
  watchlist: 'Microsoft.SecurityInsights/Watchlists',
  watchlistItem: 'Microsoft.SecurityInsights/Watchlists/WatchlistItems',
};

/** Properties the service owns: whatever a client sends for them is ignored. */
const READ_ONLY: Partial<Record<ResourceKind, readonly string[]>> = {
  incident: ['incidentNumber', 'incidentUrl', 'createdTimeUtc', 'lastModifiedTimeUtc', 'additionalData', 'relatedAnalyticRuleIds', 'providerIncidentId'],
  comment: ['author', 'createdTimeUtc', 'lastModifiedTimeUtc'],
  relation: ['relatedResourceName', 'relatedResourceType', 'relatedResourceKind'],
};

/** Only preview api-versions carry bookmark entity mappings, tactics and techniques (stable Bookmarks.json has none). */
const PREVIEW_ONLY_BOOKMARK_FIELDS = ['entityMappings', 'tactics', 'techniques'];

export function armError(status: number, code: string, message: string): ApiResponse {
  return { status, body: { error: { code, message } } };
}

function envelope(resource: StoredResource, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: resource.id,
    name: resource.name,
    type: resource.type,
    etag: resource.etag,
    systemData: resource.systemData,
    properties: { ...resource.properties, ...extra },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function missing(properties: Record<string, unknown>, field: string): boolean {
  const value = properties[field];
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * The Sentinel management API over a store: incidents (list with $filter/$orderby/$top/$skipToken and nextLink,
 * get, put, delete, entities, bookmarks, alerts), comments, relations, bookmarks, watchlists and watchlist items.
 * Requests reach here authenticated and with a known api-version; `base` is the workspace's SecurityInsights path.
 */
export function handleSentinelRequest(store: SentinelStore, base: string, rest: string[], request: ApiRequest): ApiResponse {
  const { method } = request;
  const [collection, name, sub, subName, ...extra] = rest;
  if (extra.length > 0) return armError(404, 'NotFound', `No route for ${method} ${request.url.pathname}`);
  const lower = collection?.toLowerCase();
  if (lower === 'incidents') {
    if (name === undefined) return method === 'GET' ? list(store, base, 'incident', request, 50, decorateIncident) : notAllowed(request);
    const incidentId = `${base}/incidents/${name}`;
    if (sub === undefined) return crud(store, incidentId, 'incident', name, request, base);
    const subLower = sub.toLowerCase();
    if (method === 'POST' && subName === undefined && ['entities', 'bookmarks', 'alerts'].includes(subLower)) {
      const incident = store.get(incidentId);
      if (!incident) return armError(404, 'NotFound', `Incident ${name} not found`);
      const bookmarks = relatedBookmarks(store, incident);
      if (subLower === 'alerts') return { status: 200, body: { value: [] } };
      if (subLower === 'bookmarks') {
        return { status: 200, body: { value: bookmarks.map((b) => ({ ...envelope(b), kind: 'Bookmark', type: 'Microsoft.SecurityInsights/Entities' })) } };
      }
      const resolvedBefore = request.now.getTime() - (request.entityDelayMs ?? 0);
      return { status: 200, body: entitiesFromBookmarks(relatedBookmarks(store, incident, resolvedBefore), base) };
    }
    const kind: ResourceKind | undefined = subLower === 'comments' ? 'comment' : subLower === 'relations' ? 'relation' : undefined;
    if (!kind) return armError(404, 'NotFound', `No route for ${method} ${request.url.pathname}`);
    if (!store.get(incidentId)) return armError(404, 'NotFound', `Incident ${name} not found`);
    if (subName === undefined) return method === 'GET' ? list(store, incidentId, kind, request, 100) : notAllowed(request);
    return crud(store, `${incidentId}/${sub}/${subName}`, kind, subName, request, base);
  }
  if (lower === 'bookmarks' && sub === undefined) {
    if (name === undefined) return method === 'GET' ? list(store, base, 'bookmark', request, 100) : notAllowed(request);
    return crud(store, `${base}/bookmarks/${name}`, 'bookmark', name, request, base);
  }
  if (lower === 'watchlists') {
    if (name === undefined) return method === 'GET' ? list(store, base, 'watchlist', request, 100) : notAllowed(request);
    const watchlistId = `${base}/watchlists/${name}`;
    if (sub === undefined) return crud(store, watchlistId, 'watchlist', name, request, base);
    if (sub.toLowerCase() !== 'watchlistitems') return armError(404, 'NotFound', `No route for ${method} ${request.url.pathname}`);
    if (!store.get(watchlistId)) return armError(404, 'NotFound', `Watchlist ${name} not found`);
    if (subName === undefined) return method === 'GET' ? list(store, watchlistId, 'watchlistItem', request, 100) : notAllowed(request);
    return crud(store, `${watchlistId}/${sub}/${subName}`, 'watchlistItem', subName, request, base);
  }
  return armError(404, 'NotFound', `No route for ${method} ${request.url.pathname}`);
}

function notAllowed(request: ApiRequest): ApiResponse {
  return armError(405, 'MethodNotAllowed', `${request.method} is not supported on ${request.url.pathname}`);
}

/** The bookmarks related to an incident; with `relatedBefore` (epoch ms), only those whose relation is older than that. */
function relatedBookmarks(store: SentinelStore, incident: StoredResource, relatedBefore?: number): StoredResource[] {
  return store
    .children(incident.id, 'relation')
    .filter((r) => relatedBefore === undefined || Date.parse(r.systemData.createdAt) <= relatedBefore)
    .map((r) => store.get(String(r.properties['relatedResourceId'])))
    .filter((b): b is StoredResource => b !== undefined && b.kind === 'bookmark');
}

/** Computed incident fields: counts, tactics of related bookmarks, portal URL. */
function decorateIncident(store: SentinelStore, incident: StoredResource): Record<string, unknown> {
  const bookmarks = relatedBookmarks(store, incident);
  const union = (field: string) => [...new Set(bookmarks.flatMap((b) => (Array.isArray(b.properties[field]) ? (b.properties[field] as string[]) : [])))];
  return {
    incidentUrl: `https://portal.azure.com/#asset/Microsoft_Azure_Security_Insights/Incident${incident.id}`,
    relatedAnalyticRuleIds: [],
    additionalData: {
      alertsCount: 0,
      bookmarksCount: bookmarks.length,
      commentsCount: store.children(incident.id, 'comment').length,
      alertProductNames: [],
      tactics: union('tactics'),
      techniques: union('techniques'),
    },
  };
}

function list(
  store: SentinelStore,
  parentId: string,
  kind: ResourceKind,
  request: ApiRequest,
  defaultPage: number,
  decorate?: (store: SentinelStore, r: StoredResource) => Record<string, unknown>,
): ApiResponse {
  const params = request.url.searchParams;
  let predicate;
  let order;
  try {
    predicate = parseFilter(params.get('$filter'));
    order = parseOrderBy(params.get('$orderby'));
  } catch (error) {
    if (error instanceof ODataError) return armError(400, 'BadRequest', `Invalid OData query: ${error.message}`);
    throw error;
  }
  const topText = params.get('$top');
  const top = topText === null ? defaultPage : Number(topText);
  if (!Number.isInteger(top) || top < 1 || top > LIMITS.top) return armError(400, 'BadRequest', `$top must be an integer from 1 to ${LIMITS.top}, got "${topText}"`);
  const skipText = params.get('$skipToken');
  const skip = skipText === null ? 0 : Number(skipText);
  if (!Number.isInteger(skip) || skip < 0) return armError(400, 'BadRequest', `Invalid $skipToken "${skipText}"`);
  let items = store.children(parentId, kind).filter((r) => predicate(r.properties));
  if (order) items = [...items].sort((a, b) => order(a.properties, b.properties));
  const page = items.slice(skip, skip + top);
  const body: Record<string, unknown> = { value: page.map((r) => envelope(r, decorate?.(store, r))) };
  if (skip + top < items.length) {
    const query = [...params]
      .filter(([key]) => key !== '$top' && key !== '$skipToken')
      .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
      .concat(`$top=${top}`, `$skipToken=${skip + top}`)
      .join('&');
    // NOTE: absolute https with literal `$` keys, as ARM writes them — the SDK pager follows nextLink verbatim,
    // and its bearer policy refuses http:// URLs.
    body['nextLink'] = `https://${request.host}${request.url.pathname}?${query}`;
  }
  return { status: 200, body };
}

function crud(store: SentinelStore, id: string, kind: ResourceKind, name: string, request: ApiRequest, base: string): ApiResponse {
  const existing = store.get(id);
  const label = `${kind === 'watchlistItem' ? 'Watchlist item' : kind[0]!.toUpperCase() + kind.slice(1)} ${name}`;
  const decorate = kind === 'incident' ? (r: StoredResource) => decorateIncident(store, r) : () => ({});
  switch (request.method) {
    case 'GET':
      return existing ? { status: 200, body: envelope(existing, decorate(existing)) } : armError(404, 'NotFound', `${label} not found`);
    case 'DELETE':
      if (!existing) return { status: 204 };
      store.delete(id);
      return { status: 200, changed: true };
    case 'PUT':
      return put(store, id, kind, name, label, existing, request, base, decorate);
    default:
      return notAllowed(request);
  }
}

function put(
  store: SentinelStore,
  id: string,
  kind: ResourceKind,
  name: string,
  label: string,
  existing: StoredResource | undefined,
  request: ApiRequest,
  base: string,
  decorate: (r: StoredResource) => Record<string, unknown>,
): ApiResponse {
  const body = request.body;
  if (!isObject(body)) return armError(400, 'InvalidRequestContent', `The request content for ${label} is not a JSON object`);
  // The etag is optional and travels in the body only (ResourceWithEtag in the SecurityInsights specs; no If-Match
  // parameter). Sentinel answers a stale one with 409 Conflict, "New version of resource '<name>' exists. Data was not
  // saved" — not 412 (as observed against the service: github.com/azsec/azure-sentinel-tools/issues/4).
  const etag = body['etag'];
  if (etag !== undefined && etag !== null && etag !== '') {
    if (!existing) return armError(409, 'Conflict', `${label} does not exist, but the request carries etag ${String(etag)}`);
    if (etag !== existing.etag) return armError(409, 'Conflict', `New version of resource '${name}' exists. Data was not saved (etag ${String(etag)} is stale)`);
  }
  const properties: Record<string, unknown> = isObject(body['properties']) ? { ...body['properties'] } : {};
  for (const field of READ_ONLY[kind] ?? []) delete properties[field];
  const problem = validate(store, kind, properties, id, existing, base);
  if (problem) return problem;
  const now = request.now.toISOString();
  if (kind === 'incident') {
    properties['incidentNumber'] = existing ? existing.properties['incidentNumber'] : store.takeIncidentNumber();
    properties['createdTimeUtc'] = existing ? existing.properties['createdTimeUtc'] : now;
    properties['lastModifiedTimeUtc'] = now;
    if (Array.isArray(properties['labels'])) {
      properties['labels'] = (properties['labels'] as Record<string, unknown>[]).map((l) => ({ labelType: 'User', ...l }));
    }
  }
  if (kind === 'comment') {
    properties['createdTimeUtc'] = existing ? existing.properties['createdTimeUtc'] : now;
    properties['lastModifiedTimeUtc'] = now;
    properties['author'] = { name: 'cmdline-ip-hunter (local)', userPrincipalName: 'local-emulator', objectId: '00000000-0000-0000-0000-000000000000' };
  }
  if (kind === 'relation') {
    const related = store.get(String(properties['relatedResourceId']))!;
    properties['relatedResourceName'] = related.name;
    properties['relatedResourceType'] = related.type;
  }
  if (kind === 'bookmark') {
    properties['created'] = existing ? existing.properties['created'] : now;
    properties['updated'] = now;
    if (!request.url.searchParams.get('api-version')!.endsWith('-preview')) for (const f of PREVIEW_ONLY_BOOKMARK_FIELDS) delete properties[f];
  }
  if (kind === 'watchlist') {
    properties['watchlistAlias'] = name;
    properties['watchlistId'] = existing ? existing.properties['watchlistId'] : name;
    properties['created'] = existing ? existing.properties['created'] : now;
    properties['updated'] = now;
    properties['isDeleted'] = false;
  }
  if (kind === 'watchlistItem') {
    properties['watchlistItemId'] = name;
    properties['created'] = existing ? existing.properties['created'] : now;
    properties['updated'] = now;
    properties['isDeleted'] = false;
  }
  const systemData = {
    createdAt: existing?.systemData.createdAt ?? now,
    createdBy: existing?.systemData.createdBy ?? 'local-emulator',
    createdByType: existing?.systemData.createdByType ?? 'Application',
    lastModifiedAt: now,
    lastModifiedBy: 'local-emulator',
    lastModifiedByType: 'Application',
  };
  const stored = store.put({ id: existing?.id ?? id, name: existing?.name ?? name, type: TYPES[kind], kind, properties, systemData });
  return { status: existing ? 200 : 201, body: envelope(stored, decorate(stored)), changed: true };
}

const SEVERITIES = ['High', 'Medium', 'Low', 'Informational'];
const STATUSES = ['New', 'Active', 'Closed'];
const CLASSIFICATIONS = ['Undetermined', 'TruePositive', 'BenignPositive', 'FalsePositive'];

/** Validation as the service does it: required fields, enumerations, documented size and count limits. */
function validate(
  store: SentinelStore,
  kind: ResourceKind,
  p: Record<string, unknown>,
  id: string,
  existing: StoredResource | undefined,
  base: string,
): ApiResponse | undefined {
  const bad = (message: string) => armError(400, 'BadRequest', message);
  switch (kind) {
    case 'incident': {
      for (const field of ['title', 'severity', 'status']) if (missing(p, field)) return bad(`Incident '${field}' is required`);
      if (!SEVERITIES.includes(String(p['severity']))) return bad(`Incident severity '${String(p['severity'])}' is not one of ${SEVERITIES.join(', ')}`);
      if (!STATUSES.includes(String(p['status']))) return bad(`Incident status '${String(p['status'])}' is not one of ${STATUSES.join(', ')}`);
      if (p['status'] === 'Closed' && !CLASSIFICATIONS.includes(String(p['classification']))) return bad('Closing an incident requires a classification');
      if (typeof p['description'] === 'string' && p['description'].length > LIMITS.descriptionChars) {
        return bad(`Incident description is ${p['description'].length} characters; the limit is ${LIMITS.descriptionChars}`);
      }
      if (p['labels'] !== undefined && (!Array.isArray(p['labels']) || p['labels'].some((l) => !isObject(l) || missing(l, 'labelName')))) {
        return bad("Incident labels must be objects with a 'labelName'");
      }
      return undefined;
    }
    case 'comment': {
      if (missing(p, 'message')) return bad("Comment 'message' is required");
      if (String(p['message']).length > LIMITS.commentChars) return bad(`Comment is ${String(p['message']).length} characters; the limit is ${LIMITS.commentChars}`);
      const incidentId = id.slice(0, id.toLowerCase().lastIndexOf('/comments/'));
      if (!existing && store.children(incidentId, 'comment').length >= LIMITS.commentsPerIncident) {
        return bad(`The incident already has ${LIMITS.commentsPerIncident} comments, the limit`);
      }
      return undefined;
    }
    case 'relation': {
      if (missing(p, 'relatedResourceId')) return bad("Relation 'relatedResourceId' is required");
      const related = store.get(String(p['relatedResourceId']));
      if (!related || related.kind !== 'bookmark' || !related.id.toLowerCase().startsWith(`${base.toLowerCase()}/`)) {
        return bad(`Related resource ${String(p['relatedResourceId'])} is not a bookmark of this workspace`);
      }
      const incidentId = id.slice(0, id.toLowerCase().lastIndexOf('/relations/'));
      if (!existing && store.children(incidentId, 'relation').length >= LIMITS.bookmarksPerIncident) {
        return bad(`The incident already has ${LIMITS.bookmarksPerIncident} related bookmarks, the limit`);
      }
      return undefined;
    }
    case 'bookmark':
      for (const field of ['displayName', 'query']) if (missing(p, field)) return bad(`Bookmark '${field}' is required`);
      if (p['entityMappings'] !== undefined && !Array.isArray(p['entityMappings'])) return bad("Bookmark 'entityMappings' must be an array");
      if (Array.isArray(p['entityMappings'])) {
        if (p['entityMappings'].length > 10) return bad(`Bookmark has ${p['entityMappings'].length} entity mappings; the limit is 10`);
        for (const m of p['entityMappings'] as Record<string, unknown>[]) {
          if (!isObject(m) || missing(m, 'entityType') || !Array.isArray(m['fieldMappings']) || m['fieldMappings'].length === 0) {
            return bad("Each bookmark entity mapping needs an 'entityType' and 'fieldMappings'");
          }
          if (m['fieldMappings'].length > 3) return bad(`Entity mapping ${String(m['entityType'])} has ${m['fieldMappings'].length} identifiers; the limit is 3`);
        }
      }
      return undefined;
    case 'watchlist':
      for (const field of ['displayName', 'provider', 'itemsSearchKey']) if (missing(p, field)) return bad(`Watchlist '${field}' is required`);
      return undefined;
    case 'watchlistItem':
      if (!isObject(p['itemsKeyValue'])) return bad("Watchlist item 'itemsKeyValue' is required");
      return undefined;
  }
}
