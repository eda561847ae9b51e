import type { Incident } from '@azure/arm-securityinsight';
import { ENTITY_KINDS, type EntityLists } from '../entities/entityKinds.js';
import { distinctCount, entitiesOf, entityCount, kindsAnd, listedKinds, newEntities } from '../entities/entityLists.js';
import { hostKind } from '../entities/hostKind.js';
import type { EvidenceLabel, EvidenceReport } from '../evidence/evidence.js';
import { descriptionWithEvidence } from '../evidence/evidenceSection.js';
import type { Finding } from '../findings/finding.js';
import type { SeenRecord } from '../state/stateStore.js';
import { escapeMarkdownCell, truncate } from './markdownText.js';
import { severityFor, type SeverityPolicy } from './severityFor.js';
import { SENTINEL_LIMITS } from './sentinelLimits.js';

/** What a finding adds to what was already reported for its IP. */
export interface ResightingNews {
  /** Entities not reported before, compared by each kind's `sameKey` (Windows names case-insensitively). */
  readonly entities: EntityLists;
  /** Command lines not reported before (compared exactly). */
  readonly commandLines: readonly string[];
  /** Seen later than anything reported. */
  readonly later: boolean;
}

/** What `finding` adds to `prior`: new entities and command lines, and whether it was seen later. */
export function resightingNews(finding: Finding, prior: SeenRecord): ResightingNews {
  const knownLines = new Set(prior.commandLines);
  return {
    entities: newEntities(finding.entities, prior.entities),
    commandLines: finding.commandLines.filter((c) => !knownLines.has(c)),
    later: finding.lastSeen.getTime() > prior.lastSeen.getTime(),
  };
}

/** New entities or command lines: something to tell the incident (a later sighting alone is not news). */
export function hasNews(news: ResightingNews): boolean {
  return entityCount(news.entities) + news.commandLines.length > 0;
}

/** New entities: what a sighting bookmark brings to the incident (command lines are not entities). */
export function hasNewEntities(news: ResightingNews): boolean {
  return entityCount(news.entities) > 0;
}

/** "new hosts: 1, new accounts: 0": the counts a sighting bookmark brought, for the outcome's detail. */
export function newEntityCounts(news: ResightingNews): string {
  return listedKinds(news.entities).map((kind) => `new ${kind.plural}: ${entitiesOf(news.entities, kind).length}`).join(', ');
}

/**
 * The comment for a re-sighting: only what is new since the last report. Its text is deterministic for the same
 * finding and prior, so its content-derived id makes a rerun overwrite rather than repeat it.
 * Kept within `SENTINEL_LIMITS.commentChars`.
 */
export function resightingComment(finding: Finding, news: ResightingNews, heading: string): string {
  const lines = [`${heading} ${finding.ip} was seen again, last at ${finding.lastSeen.toISOString()} UTC.`];
  for (const kind of ENTITY_KINDS) {
    const added = entitiesOf(news.entities, kind).map((v) => kind.display(v));
    if (added.length > 0) lines.push(`New ${kind.plural} (${added.length}): ${escapeMarkdownCell(added.join(', '))}`);
  }
  if (news.commandLines.length > 0) {
    lines.push(`New command lines (${news.commandLines.length}):`);
    news.commandLines.forEach((c, i) => lines.push(`${i + 1}. ${escapeMarkdownCell(truncate(c, 2_000))}`));
  }
  if (!hasNews(news)) lines.push(`Nothing new: same ${kindsAnd('command lines')} as already reported.`);
  return truncate(lines.join('\n'), SENTINEL_LIMITS.commentChars);
}

/**
 * The incident after a re-sighting, or undefined when nothing would change. Last activity only moves forward;
 * severity is only ever raised (an analyst's lowering of it is kept unless the policy now says High);
 * `reopen` sets status Active. A description whose Evidence section says "not available" gets the evidence `evidence`
 * found (see descriptionWithEvidence). Readonly fields are dropped by the SDK's serializer.
 */
export function resightedIncident(
  current: Incident,
  finding: Finding,
  prior: SeenRecord,
  policy: SeverityPolicy,
  options: { reopen: boolean; evidenceLabels?: readonly EvidenceLabel[]; evidence?: EvidenceReport },
): Incident | undefined {
  const lastActivity = current.lastActivityTimeUtc;
  const movesActivity = !lastActivity || finding.lastSeen.getTime() > lastActivity.getTime();
  const hostsSoFar = distinctCount(hostKind, prior.entities, finding.entities);
  const evidenceLabels = options.evidenceLabels ?? [];
  const raise = current.severity !== 'High' && severityFor(finding.ip, hostsSoFar, policy, evidenceLabels) === 'High';
  // Evidence labels are added, never removed: an analyst's own labels and earlier evidence stay.
  const labels = current.labels ?? [];
  const addedLabels = evidenceLabels.filter((label) => !labels.some((l) => l.labelName === label));
  const description = descriptionWithEvidence(current.description, options.evidence, SENTINEL_LIMITS.descriptionChars);
  if (!movesActivity && !raise && !options.reopen && addedLabels.length === 0 && description === undefined) return undefined;
  return {
    ...current,
    etag: current.etag,
    lastActivityTimeUtc: movesActivity ? finding.lastSeen : lastActivity,
    severity: raise ? 'High' : current.severity,
    status: options.reopen ? 'Active' : current.status,
    ...(description !== undefined ? { description } : {}),
    ...(addedLabels.length > 0 ? { labels: [...labels, ...addedLabels.map((labelName) => ({ labelName }))] } : {}),
    ...(options.reopen ? { classification: undefined, classificationReason: undefined, classificationComment: undefined } : {}),
  };
}
