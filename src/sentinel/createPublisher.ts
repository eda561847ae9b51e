import type { Incident, SecurityInsights } from '@azure/arm-securityinsight';
import type { SentinelConfig } from '../config/loadConfig.js';
import { serviceFailure, statusCodeOf } from '../errors.js';
import type { Finding } from '../findings/finding.js';
import { silentLogger, type Logger } from '../logger.js';
import { bookmarkFor, sightingBookmarkFor } from './bookmarkFor.js';
import { createLimiter } from '../createLimiter.js';
import { incidentFor } from './incidentFor.js';
import { commentId, publishIds, sightingIds } from './publishIds.js';
import type { PlannedRequest, PriorReport, PublishContext, Publisher, PublishItem, PublishOutcome } from './publishTypes.js';
import { hasNewEntities, hasNews, resightedIncident, resightingComment, resightingNews, type ResightingNews } from './resighting.js';
import { SENTINEL_LIMITS } from './sentinelLimits.js';
import { bookmarkResourceId, sentinelBasePath } from './sentinelPaths.js';
import { wireBody } from './wireBody.js';

export interface PublisherOptions {
  readonly client: SecurityInsights;
  readonly config: SentinelConfig;
  /** The Log Analytics workspace id (GUID); part of every deterministic id. */
  readonly workspaceId: string;
  readonly logger?: Logger;
}

const DAY_MS = 86_400_000;

/** A counter of new incidents still allowed in this run. */
interface Budget {
  take(): boolean;
}

function createBudget(max: number): Budget {
  let left = max;
  return {
    take() {
      if (left <= 0) return false;
      left -= 1;
      return true;
    },
  };
}

/** Run one service call; a failure becomes a ServiceError naming the operation, its target and the service's answer. */
async function call<T>(operation: string, target: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw serviceFailure(operation, target, error);
  }
}

/**
 * The Sentinel publisher. For each new IP it writes exactly three resources, all with deterministic ids:
 * a hunting bookmark carrying the entities, the incident, and the relation from the incident to the bookmark.
 * For an IP reported before (`prior`) it reads the incident and:
 * - open (New/Active): when there are new hosts or accounts, writes a "sighting" bookmark mapping the IP and them as
 *   entities and relates it to the incident (ids from the incident id and the new names, so a rerun rewrites the same
 *   two resources); then moves last activity forward (PUT with the etag; on 412 it re-reads and tries once more) and
 *   comments with only what is new;
 * - closed, by `closedIncidentPolicy`: `ignore` leaves it; `reopen` does the same and sets it Active; `new` raises a new
 *   incident (generation + 1) once the incident has been closed for at least `newIncidentAfterDays` days (closing
 *   time taken as its last modification), and otherwise ignores it;
 * - gone (404): raises a new incident, generation + 1.
 * A new IP whose incident already exists (an earlier attempt was not recorded) is rewritten in place — same ids, so
 * nothing is duplicated — and reported 'updated'; such a rewrite resets the incident's fields to this finding.
 * New incidents beyond `maxIncidentsPerRun` are returned as 'deferred' (new IPs are admitted in input order).
 * At most `concurrency` IPs are in flight; one IP's failure is returned as 'failed' and never stops the others.
 * Retries of 429/5xx/resets are the SDK pipeline's (see createSecurityInsightsClient); there is no retry loop here.
 * Dry run computes everything and calls nothing, returning the requests it would send.
 */
export function createPublisher(options: PublisherOptions): Publisher {
  const { client, config, workspaceId } = options;
  const logger = options.logger ?? silentLogger;
  const rg = config.resourceGroup;
  const ws = config.workspaceName;
  const base = sentinelBasePath(config);
  const pathOf = (relative: string) => `${base}/${relative}?api-version=${config.apiVersion}`;

  /**
   * Write the three resources of a new incident. `recovering` (an interrupted run may have written them already) reads the
   * incident first and leaves an existing one as it is — an analyst may have triaged it — while still making sure its
   * bookmark and relation exist.
   */
  async function createIncident(
    finding: Finding,
    generation: number,
    context: PublishContext,
    because?: string,
    recovering = false,
  ): Promise<PublishOutcome> {
    const ids = publishIds(workspaceId, config.detectionId, finding.ip, generation);
    const incident = incidentFor(finding, config);
    const bookmark = bookmarkFor(finding, { queryText: context.queryText, window: context.window, labels: config.labels });
    const relation = { relatedResourceId: bookmarkResourceId(config, ids.bookmarkId) };
    if (context.dryRun) {
      const payloads: PlannedRequest[] = [
        { method: 'PUT', path: pathOf(`bookmarks/${ids.bookmarkId}`), body: wireBody(bookmark) },
        ...(recovering ? [{ method: 'GET' as const, path: pathOf(`incidents/${ids.incidentId}`) }] : []),
        { method: 'PUT', path: pathOf(`incidents/${ids.incidentId}`), body: wireBody(incident) },
        { method: 'PUT', path: pathOf(`incidents/${ids.incidentId}/relations/${ids.relationName}`), body: wireBody(relation) },
      ];
      return { ip: finding.ip, action: 'created', generation, incidentId: ids.incidentId, detail: joinDetail('dry run', because), payloads };
    }
    const target = `for ${finding.ip}`;
    const savedBookmark = await call('PUT bookmark', `${ids.bookmarkId} ${target}`, () =>
      client.bookmarks.createOrUpdate(rg, ws, ids.bookmarkId, bookmark),
    );
    let existing: Incident | undefined;
    if (recovering) {
      existing = await call('GET incident', `${ids.incidentId} ${target}`, async () => {
        try {
          return await client.incidents.get(rg, ws, ids.incidentId);
        } catch (error) {
          if (statusCodeOf(error) === 404) return undefined;
          throw error;
        }
      });
    }
    let status = 0;
    const saved =
      existing ??
      (await call('PUT incident', `${ids.incidentId} ${target}`, () =>
        client.incidents.createOrUpdate(rg, ws, ids.incidentId, incident, { onResponse: (response) => (status = response.status) }),
      ));
    await call('PUT relation', `${ids.relationName} of incident ${ids.incidentId} ${target}`, () =>
      client.incidentRelations.createOrUpdate(rg, ws, ids.incidentId, ids.relationName, {
        relatedResourceId: savedBookmark.id ?? relation.relatedResourceId,
      }),
    );
    // 200 instead of 201: an earlier attempt wrote this incident but its outcome was never recorded (a crash before the
    // hunt saved its state, or an answer lost in transit and retried by the SDK). Same id, so nothing is duplicated.
    const rewritten = status === 200 ? 'incident already existed (an earlier attempt was not recorded); rewritten' : undefined;
    if (existing) {
      return {
        ip: finding.ip,
        action: 'unchanged',
        generation,
        incidentId: ids.incidentId,
        ...(existing.incidentNumber !== undefined ? { incidentNumber: existing.incidentNumber } : {}),
        detail: joinDetail(because, 'already created by an interrupted run; left as it is'),
      };
    }
    return {
      ip: finding.ip,
      action: status === 200 ? 'updated' : 'created',
      generation,
      incidentId: ids.incidentId,
      ...(saved.incidentNumber !== undefined ? { incidentNumber: saved.incidentNumber } : {}),
      ...(joinDetail(because, rewritten) ? { detail: joinDetail(because, rewritten) } : {}),
    };
  }

  /** PUT the re-sighted incident with its etag; on 412 re-read it and try once more. */
  async function updateIncident(
    current: Incident,
    incidentId: string,
    change: (incident: Incident) => Incident | undefined,
    target: string,
  ): Promise<Incident | undefined> {
    let incident = current;
    for (let attempt = 1; ; attempt += 1) {
      const next = change(incident);
      if (!next) return undefined;
      try {
        return await call('PUT incident', `${incidentId} ${target}`, () => client.incidents.createOrUpdate(rg, ws, incidentId, next));
      } catch (error) {
        if (attempt > 1 || statusCodeOf(error) !== 412) throw error;
        logger.debug(`Incident ${incidentId} changed under us (412); reading it again`);
        incident = await call('GET incident', `${incidentId} ${target}`, () => client.incidents.get(rg, ws, incidentId));
      }
    }
  }

  async function resight(
    finding: Finding,
    prior: PriorReport,
    context: PublishContext,
    budget: Budget,
  ): Promise<PublishOutcome> {
    const news = resightingNews(finding, prior);
    const target = `for ${finding.ip}`;
    if (context.dryRun) {
      const payloads: PlannedRequest[] = [{ method: 'GET', path: pathOf(`incidents/${prior.incidentId}`) }];
      const sighting = sightingFor(finding, prior, news, context);
      if (sighting) {
        payloads.push(
          { method: 'PUT', path: pathOf(`bookmarks/${sighting.ids.bookmarkId}`), body: wireBody(sighting.bookmark) },
          { method: 'PUT', path: pathOf(`incidents/${prior.incidentId}/relations/${sighting.ids.relationName}`), body: wireBody(sighting.relation) },
        );
      }
      if (hasNews(news)) {
        const message = resightingComment(finding, news, 'Re-sighting:');
        payloads.push({ method: 'PUT', path: pathOf(`incidents/${prior.incidentId}/comments/${commentId(prior.incidentId, message)}`), body: wireBody({ message }) });
      }
      return {
        ip: finding.ip,
        action: hasNews(news) ? 'updated' : 'unchanged',
        generation: prior.generation,
        incidentId: prior.incidentId,
        detail: 'dry run: the incident was not read; assumes it is open (sighting bookmark, comment and last activity depend on its state)',
        payloads,
      };
    }
    let current: Incident;
    try {
      current = await call('GET incident', `${prior.incidentId} ${target}`, () => client.incidents.get(rg, ws, prior.incidentId));
    } catch (error) {
      if (statusCodeOf(error) !== 404) throw error;
      return newGeneration(finding, prior, context, budget, `incident ${prior.incidentId} no longer exists`);
    }
    const reported = { ip: finding.ip, generation: prior.generation, incidentId: prior.incidentId };
    const numbered = (incident: Incident | undefined) =>
      incident?.incidentNumber !== undefined ? { incidentNumber: incident.incidentNumber } : {};
    if (current.status === 'Closed') {
      switch (config.closedIncidentPolicy) {
        case 'ignore':
          return { ...reported, ...numbered(current), action: 'unchanged', detail: 'closed incident ignored (policy ignore)' };
        case 'reopen':
          return reopenOrComment(finding, prior, current, news, context, true);
        case 'new': {
          const closedAt = current.lastModifiedTimeUtc ?? current.lastActivityTimeUtc;
          const closedDays = closedAt ? Math.max(0, (context.now.getTime() - closedAt.getTime()) / DAY_MS) : Number.POSITIVE_INFINITY;
          if (closedDays >= config.newIncidentAfterDays) {
            return newGeneration(finding, prior, context, budget, `incident ${prior.incidentId} closed ${Math.floor(closedDays)} day(s) ago`);
          }
          return {
            ...reported,
            ...numbered(current),
            action: 'unchanged',
            detail: `closed incident ignored (closed ${Math.floor(closedDays)} day(s) ago; policy new raises a new incident after ${config.newIncidentAfterDays})`,
          };
        }
      }
    }
    return reopenOrComment(finding, prior, current, news, context, false);
  }

  async function reopenOrComment(
    finding: Finding,
    prior: PriorReport,
    current: Incident,
    news: ResightingNews,
    context: PublishContext,
    reopen: boolean,
  ): Promise<PublishOutcome> {
    const target = `for ${finding.ip}`;
    const done: string[] = [];
    // Order: bookmark, relation, incident update, comment. The new entities go first, so whoever reacts to the update
    // or reopening (automation rules on incident update, the analyst notified) already finds them on the incident; a
    // failure here leaves the incident untouched and the IP unrecorded, and the next run repeats the re-sighting under
    // the same ids. The update precedes the comment so a "Reopened by" comment never sits on an incident whose reopening
    // failed (the etag PUT is the step that can conflict).
    const sighting = sightingFor(finding, prior, news, context);
    if (sighting) {
      const related = current.additionalData?.bookmarksCount ?? 0;
      if (related >= SENTINEL_LIMITS.bookmarksPerIncident) {
        done.push(`sighting bookmark skipped (incident has ${related} related bookmarks, the service limit)`);
      } else {
        const { bookmarkId, relationName } = sighting.ids;
        const saved = await call('PUT bookmark', `${bookmarkId} ${target}`, () =>
          client.bookmarks.createOrUpdate(rg, ws, bookmarkId, sighting.bookmark),
        );
        await call('PUT relation', `${relationName} of incident ${prior.incidentId} ${target}`, () =>
          client.incidentRelations.createOrUpdate(rg, ws, prior.incidentId, relationName, {
            relatedResourceId: saved.id ?? sighting.relation.relatedResourceId,
          }),
        );
        done.push(`sighting bookmark added (new hosts: ${news.hosts.length}, new accounts: ${news.accounts.length})`);
      }
    }
    const updated = await updateIncident(
      current,
      prior.incidentId,
      (incident) => resightedIncident(incident, finding, prior, config, { reopen }),
      target,
    );
    if (updated) {
      if (reopen) done.push('reopened');
      else if (updated.severity === 'High' && current.severity !== 'High') done.push('severity raised to High');
      if (!reopen && updated.lastActivityTimeUtc?.getTime() !== current.lastActivityTimeUtc?.getTime()) done.push('last activity moved');
    }
    if (hasNews(news) || reopen) {
      const comments = current.additionalData?.commentsCount ?? 0;
      if (comments >= SENTINEL_LIMITS.commentsPerIncident) {
        done.push(`comment skipped (incident has ${comments} comments, the service limit)`);
      } else {
        const message = resightingComment(finding, news, reopen ? 'Reopened by cmdline-ip-hunter:' : 'Re-sighting:');
        const id = commentId(prior.incidentId, message);
        await call('PUT comment', `${id} on incident ${prior.incidentId} ${target}`, () =>
          client.incidentComments.createOrUpdate(rg, ws, prior.incidentId, id, { message }),
        );
        done.push('comment added');
      }
    }
    const incidentNumber = (updated ?? current).incidentNumber;
    return {
      ip: finding.ip,
      action: done.length > 0 ? 'updated' : 'unchanged',
      generation: prior.generation,
      incidentId: prior.incidentId,
      ...(incidentNumber !== undefined ? { incidentNumber } : {}),
      detail: done.length > 0 ? done.join(', ') : 'nothing new',
    };
  }

  /** The sighting bookmark and its relation for a re-sighting with new hosts or accounts; undefined when there are none. */
  function sightingFor(finding: Finding, prior: PriorReport, news: ResightingNews, context: PublishContext) {
    if (!hasNewEntities(news)) return undefined;
    const ids = sightingIds(prior.incidentId, news.hosts, news.accounts);
    const bookmark = sightingBookmarkFor(finding, news, { queryText: context.queryText, window: context.window, labels: config.labels });
    return { ids, bookmark, relation: { relatedResourceId: bookmarkResourceId(config, ids.bookmarkId) } };
  }

  function newGeneration(
    finding: Finding,
    prior: PriorReport,
    context: PublishContext,
    budget: Budget,
    because: string,
  ): Promise<PublishOutcome> | PublishOutcome {
    const generation = prior.generation + 1;
    if (!budget.take()) {
      return { ip: finding.ip, action: 'deferred', generation: prior.generation, incidentId: prior.incidentId, detail: `over the per-run cap (${because})` };
    }
    return createIncident(finding, generation, context, `new incident, generation ${generation}: ${because}`);
  }

  return {
    async publish(items: readonly PublishItem[], context: PublishContext): Promise<PublishOutcome[]> {
      const budget = createBudget(config.maxIncidentsPerRun);
      // New IPs are admitted to the cap in input order, so which ones are deferred does not depend on timing.
      const admitted = items.map((item) => (item.prior ? true : budget.take()));
      const limit = createLimiter(config.concurrency);
      const outcomes = await Promise.all(
        items.map((item, index) =>
          limit(async (): Promise<PublishOutcome> => {
            const { finding, prior } = item;
            try {
              if (prior) return await resight(finding, prior, context, budget);
              if (!admitted[index]) return { ip: finding.ip, action: 'deferred', generation: 1, detail: 'over the per-run cap' };
              return await createIncident(finding, 1, context, undefined, item.recovering === true);
            } catch (error) {
              const message = error instanceof Error ? error.message : String(error);
              logger.warn(`Publishing ${finding.ip} failed: ${message}`);
              return {
                ip: finding.ip,
                action: 'failed',
                generation: prior?.generation ?? 1,
                ...(prior ? { incidentId: prior.incidentId } : {}),
                error: message,
              };
            }
          }),
        ),
      );
      const counts: Record<string, number> = {};
      for (const o of outcomes) counts[o.action] = (counts[o.action] ?? 0) + 1;
      logger.info(`Sentinel publish${context.dryRun ? ' (dry run)' : ''}: ${JSON.stringify(counts)}`);
      return outcomes;
    },
  };
}

function joinDetail(...parts: (string | undefined)[]): string | undefined {
  const present = parts.filter((p): p is string => p !== undefined && p !== '');
  return present.length > 0 ? present.join('; ') : undefined;
}
