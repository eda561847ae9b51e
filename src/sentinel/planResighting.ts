import type { Incident } from '@azure/arm-securityinsight';
import type { EvidenceReport } from '../evidence/evidence.js';
import { descriptionWithEvidence, evidenceSection } from '../evidence/evidenceSection.js';
import type { Finding } from '../findings/finding.js';
import { evidenceLabelsOf } from './incidentFor.js';
import { sightingBookmarkFor } from './bookmarkFor.js';
import { planNewGeneration } from './planNewIncident.js';
import { commentId, sightingIds } from './publishIds.js';
import type { DecidedPlan, KnownIncident, PlanSettings, PublishPlan, ReadKnownIncident } from './publishPlan.js';
import type { SeenRecord } from '../state/stateStore.js';
import type { PublishStep } from './publishSteps.js';
import { hasNewEntities, hasNews, newEntityCounts, resightedIncident, resightingComment, resightingNews } from './resighting.js';
import { truncate } from './markdownText.js';
import { SENTINEL_LIMITS } from './sentinelLimits.js';
import { bookmarkResourceId } from './sentinelPaths.js';

const DAY_MS = 86_400_000;

/** The states of a reported IP's incident. */
type Reported = Extract<KnownIncident, { readonly prior: SeenRecord }>;

/**
 * The plan for an IP reported before, by what is known of its incident:
 * - not read: read it; what follows assumes it is open (see ReadPlan);
 * - open: re-sight it (see `resightingSteps`);
 * - closed, by `closedIncidentPolicy`: `ignore` leaves it; `reopen` re-sights it and sets it Active; `new` raises a new
 *   incident (generation + 1) once it has been closed for at least `newIncidentAfterDays` days, and otherwise leaves it;
 * - gone (404): a new incident, generation + 1.
 */
export function planResighting(finding: Finding, known: Extract<ReadKnownIncident, Reported>, settings: PlanSettings, evidence?: EvidenceReport): DecidedPlan;
export function planResighting(finding: Finding, known: Reported, settings: PlanSettings, evidence?: EvidenceReport): PublishPlan;
export function planResighting(finding: Finding, known: Reported, settings: PlanSettings, evidence?: EvidenceReport): PublishPlan {
  const { prior } = known;
  const { config } = settings;
  switch (known.state) {
    case 'notRead': {
      const read = { kind: 'readIncident', incidentId: prior.incidentId } as const;
      const { news, steps } = resightingSteps(finding, prior, undefined, false, settings, evidence);
      return { kind: 'read', ip: finding.ip, generation: prior.generation, incidentId: prior.incidentId, news, prior, read, steps: [read, ...steps] };
    }
    case 'gone':
      return planNewGeneration(finding, prior, `incident ${prior.incidentId} no longer exists`, settings, evidence);
    case 'open':
      return resight('resight', finding, prior, known.incident, settings, evidence);
    case 'closed':
      switch (config.closedIncidentPolicy) {
        case 'ignore':
          return leftAsItIs(finding, prior, known.incident, 'closed incident ignored (policy ignore)');
        case 'reopen':
          return resight('reopen', finding, prior, known.incident, settings, evidence);
        case 'new': {
          const { closedAt } = known;
          const closedDays = closedAt ? Math.max(0, (settings.context.now.getTime() - closedAt.getTime()) / DAY_MS) : Number.POSITIVE_INFINITY;
          if (closedDays >= config.newIncidentAfterDays) {
            return planNewGeneration(finding, prior, `incident ${prior.incidentId} closed ${Math.floor(closedDays)} day(s) ago`, settings, evidence);
          }
          return leftAsItIs(
            finding,
            prior,
            known.incident,
            `closed incident ignored (closed ${Math.floor(closedDays)} day(s) ago; policy new raises a new incident after ${config.newIncidentAfterDays})`,
          );
        }
      }
  }
}

function resight(kind: 'resight' | 'reopen', finding: Finding, prior: SeenRecord, current: Incident, settings: PlanSettings, evidence: EvidenceReport | undefined): DecidedPlan {
  const { news, steps } = resightingSteps(finding, prior, current, kind === 'reopen', settings, evidence);
  return { kind, ip: finding.ip, generation: prior.generation, incidentId: prior.incidentId, news, current, steps };
}

function leftAsItIs(finding: Finding, prior: SeenRecord, current: Incident, detail: string): DecidedPlan {
  const outcome = {
    ip: finding.ip,
    generation: prior.generation,
    incidentId: prior.incidentId,
    ...(current.incidentNumber !== undefined ? { incidentNumber: current.incidentNumber } : {}),
    action: 'unchanged' as const,
    detail,
  };
  return { kind: 'nothing', outcome, steps: [] };
}

/**
 * The steps of a re-sighting, in this order: the sighting bookmark and its relation (when there are new hosts or
 * accounts), the incident update, the comment (when something is new, or on reopening). The new entities go first, so
 * whoever reacts to the update or reopening (automation rules on incident update, the analyst notified) already finds
 * them on the incident; a failure there leaves the incident untouched and the IP unrecorded, and the next run repeats
 * the re-sighting under the same ids. The update precedes the comment so a "Reopened by" comment never sits on an
 * incident whose reopening failed (the etag PUT is the step that can conflict). Without `current` (not read) the update
 * is left out and no service limit is known to be reached.
 */
function resightingSteps(finding: Finding, prior: SeenRecord, current: Incident | undefined, reopen: boolean, settings: PlanSettings, evidence: EvidenceReport | undefined) {
  const { config, context } = settings;
  const { incidentId } = prior;
  const news = resightingNews(finding, prior);
  // Evidence is news when it brings a label the incident does not carry yet (unknown before the incident is read).
  const currentLabels = new Set((current?.labels ?? []).map((l) => l.labelName));
  const newEvidenceLabels = evidenceLabelsOf(evidence).filter((label) => !currentLabels.has(label));
  // The incident says its evidence was not available, and this run found it: its description gets it, and a comment says so.
  const evidenceArrived = descriptionWithEvidence(current?.description, evidence, SENTINEL_LIMITS.descriptionChars) !== undefined;
  const steps: PublishStep[] = [];
  if (hasNewEntities(news)) {
    const related = current?.additionalData?.bookmarksCount ?? 0;
    if (related >= SENTINEL_LIMITS.bookmarksPerIncident) {
      steps.push({ kind: 'note', text: `sighting bookmark skipped (incident has ${related} related bookmarks, the service limit)` });
    } else {
      const { bookmarkId, relationName } = sightingIds(incidentId, news.entities);
      const bookmark = sightingBookmarkFor(finding, news.entities, { window: context.window, labels: config.labels });
      steps.push(
        { kind: 'putBookmark', bookmarkId, bookmark },
        {
          kind: 'putRelation',
          incidentId,
          relationName,
          bookmarkId,
          relatedResourceId: bookmarkResourceId(config, bookmarkId),
          note: `sighting bookmark added (${newEntityCounts(news)})`,
        },
      );
    }
  }
  if (current) {
    const rebase = (incident: Incident) => resightedIncident(incident, finding, prior, config, { reopen, evidenceLabels: evidenceLabelsOf(evidence), ...(evidence ? { evidence } : {}) });
    const incident = rebase(current);
    if (incident) steps.push({ kind: 'updateIncident', incidentId, incident, rebase });
  }
  if (hasNews(news) || reopen || newEvidenceLabels.length > 0 || evidenceArrived) {
    const comments = current?.additionalData?.commentsCount ?? 0;
    if (comments >= SENTINEL_LIMITS.commentsPerIncident) {
      steps.push({ kind: 'note', text: `comment skipped (incident has ${comments} comments, the service limit)` });
    } else {
      const raised = newEvidenceLabels.filter((label) => config.highSeverityEvidence.includes(label));
      const heading = evidenceArrived ? 'Evidence now available (its lookup had failed when the incident was written)' : 'New evidence';
      const why =
        newEvidenceLabels.length === 0 && !evidenceArrived
          ? ''
          : `\n\n${heading}: ${newEvidenceLabels.join(', ') || 'no label'}` +
            (raised.length > 0 && current?.severity !== 'High' ? ` — severity raised to High (INCIDENT_HIGH_SEVERITY_EVIDENCE: ${raised.join(', ')}).` : '.') +
            evidenceSection(evidence);
      // A retried lookup alone (the IP not seen again) is no re-sighting: the comment is only the evidence.
      const evidenceOnly = evidenceArrived && !hasNews(news) && !news.later && !reopen;
      const opening = evidenceOnly ? `Evidence for ${finding.ip}, looked up again by cmdline-ip-hunter.` : resightingComment(finding, news, reopen ? 'Reopened by cmdline-ip-hunter:' : 'Re-sighting:');
      const message = truncate(opening + why, SENTINEL_LIMITS.commentChars);
      steps.push({ kind: 'putComment', incidentId, commentId: commentId(incidentId, message), message, note: 'comment added' });
    }
  }
  return { news, steps };
}
