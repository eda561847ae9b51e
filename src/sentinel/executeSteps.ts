import type { Incident, SecurityInsights } from '@azure/arm-securityinsight';
import { serviceFailure, statusCodeOf } from '../errors.js';
import type { Logger } from '../logger.js';
import type { PublishStep, UpdateIncident } from './publishSteps.js';
import { SENTINEL_ACTIONS, sentinelNeeds } from '../requiredPermissions.js';

/** The SDK client and the workspace the steps are sent to. */
export interface StepSender {
  readonly client: SecurityInsights;
  readonly resourceGroup: string;
  readonly workspaceName: string;
  readonly logger: Logger;
}

/** What running the steps brought back that the outcome needs. */
export interface ExecutedSteps {
  /** The incident a read step found; undefined when it was not there (404) or nothing was read. */
  readonly found?: Incident;
  /**
   * The incident a create step saved. Whether it answered 200 or 201 says nothing (the service may answer either for a
   * create), so it is not kept; an incident an interrupted run may have written is found by reading first (`recovering`).
   */
  readonly created?: Incident;
  /** The incident an update step saved; undefined when, read again after a conflict, it needed no change any more. */
  readonly updated?: Incident;
}

/**
 * Send one IP's steps in order through the SDK; the first failure throws a ServiceError naming the operation and its
 * target (`for <ip>`), so the steps after it are not sent. An update carries the etag of its read; when the incident
 * changed since, Sentinel answers 409 Conflict ("New version of resource … exists"; 412 is taken the same way), and the
 * incident is read again and the change applied once more. Retries of 429/5xx/resets are the SDK pipeline's
 * (see createSecurityInsightsClient).
 */
export async function executeSteps(sender: StepSender, ip: string, steps: readonly PublishStep[]): Promise<ExecutedSteps> {
  const { client, resourceGroup: rg, workspaceName: ws } = sender;
  const target = `for ${ip}`;
  /** Bookmark ids as the service returned them, for the relations that follow. */
  const savedBookmarks = new Map<string, string | undefined>();
  let found: Incident | undefined;
  let created: ExecutedSteps['created'];
  let updated: Incident | undefined;
  for (const step of steps) {
    switch (step.kind) {
      case 'readIncident':
        found = await call('GET incident', `${step.incidentId} ${target}`, SENTINEL_ACTIONS.readIncident, async () => {
          try {
            return await client.incidents.get(rg, ws, step.incidentId);
          } catch (error) {
            if (statusCodeOf(error) === 404) return undefined;
            throw error;
          }
        });
        break;
      case 'putBookmark': {
        const saved = await call('PUT bookmark', `${step.bookmarkId} ${target}`, SENTINEL_ACTIONS.writeBookmark, () =>
          client.bookmarks.createOrUpdate(rg, ws, step.bookmarkId, step.bookmark),
        );
        savedBookmarks.set(step.bookmarkId, saved.id);
        break;
      }
      case 'putIncident': {
        if (step.unlessFound && found) break;
        created = await call('PUT incident', `${step.incidentId} ${target}`, SENTINEL_ACTIONS.writeIncident, () =>
          client.incidents.createOrUpdate(rg, ws, step.incidentId, step.incident),
        );
        break;
      }
      case 'updateIncident':
        updated = await updateIncident(sender, step, target);
        break;
      case 'putRelation':
        await call('PUT relation', `${step.relationName} of incident ${step.incidentId} ${target}`, SENTINEL_ACTIONS.writeRelation, () =>
          client.incidentRelations.createOrUpdate(rg, ws, step.incidentId, step.relationName, {
            relatedResourceId: savedBookmarks.get(step.bookmarkId) ?? step.relatedResourceId,
          }),
        );
        break;
      case 'putComment':
        await call('PUT comment', `${step.commentId} on incident ${step.incidentId} ${target}`, SENTINEL_ACTIONS.writeComment, () =>
          client.incidentComments.createOrUpdate(rg, ws, step.incidentId, step.commentId, { message: step.message }),
        );
        break;
      case 'note':
        break;
    }
  }
  return { ...(found ? { found } : {}), ...(created ? { created } : {}), ...(updated ? { updated } : {}) };
}

/** Statuses that say the incident changed since it was read: Sentinel's 409 Conflict, and 412 from a generic ARM front. */
const CHANGED_SINCE_READ = new Set([409, 412]);

/** PUT the changed incident with its etag; when it changed since, re-read it and try once more with the change applied to the fresh read. */
async function updateIncident(sender: StepSender, step: UpdateIncident, target: string): Promise<Incident | undefined> {
  const { client, resourceGroup: rg, workspaceName: ws } = sender;
  const { incidentId } = step;
  let next: Incident | undefined = step.incident;
  for (let attempt = 1; next; attempt += 1) {
    const incident: Incident = next;
    try {
      return await call('PUT incident', `${incidentId} ${target}`, SENTINEL_ACTIONS.writeIncident, () => client.incidents.createOrUpdate(rg, ws, incidentId, incident));
    } catch (error) {
      const status = statusCodeOf(error);
      if (attempt > 1 || status === undefined || !CHANGED_SINCE_READ.has(status)) throw error;
      sender.logger.info(`Incident ${incidentId} ${target} changed since it was read (${status}); reading it again`);
      next = step.rebase(await call('GET incident', `${incidentId} ${target}`, SENTINEL_ACTIONS.readIncident, () => client.incidents.get(rg, ws, incidentId)));
    }
  }
  return undefined;
}

/**
 * Run one service call; a failure becomes a ServiceError naming the operation, its target and the service's answer
 * (and, for a 403, the `action` the identity lacks).
 */
async function call<T>(operation: string, target: string, action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw serviceFailure(operation, target, error, sentinelNeeds(action));
  }
}
