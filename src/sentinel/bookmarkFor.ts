import type { Bookmark } from '@azure/arm-securityinsight';
import { ENTITY_KINDS, type EntityLists } from '../entities/entityKinds.js';
import { capitalized, entitiesOf, listedKinds } from '../entities/entityLists.js';
import { hostKind } from '../entities/hostKind.js';
import type { EvidenceReport } from '../evidence/evidence.js';
import type { Finding } from '../findings/finding.js';
import { buildInvestigationQuery } from '../query/buildInvestigationQuery.js';
import { entityMappingsFor, type EntityPlan } from './entityMappingsFor.js';
import { incidentLabels } from './incidentLabels.js';
import { truncate } from './markdownText.js';
import { SENTINEL_LIMITS } from './sentinelLimits.js';

/** Command and control over a hard-coded address, and exfiltration over that channel. */
export const BOOKMARK_TACTICS = Object.freeze(['CommandAndControl', 'Exfiltration']);
/** T1071 Application Layer Protocol, T1041 Exfiltration Over C2 Channel. */
export const BOOKMARK_TECHNIQUES = Object.freeze(['T1041', 'T1071']);

/** Characters of a command line in a query result's sample event. */
const RESULT_COMMAND_LINE_CHARS = 300;
/** Entities of each kind listed in a query result; the rest are counted (`HostsOmitted`). */
const RESULT_ENTITIES = 50;

export interface BookmarkContext {
  readonly window: { readonly start: Date; readonly end: Date };
  readonly labels: readonly string[];
  /** The finding's evidence: its labels, its queries (ready to run in the portal) in the notes, its counts in the result. */
  readonly evidence?: EvidenceReport;
}

/**
 * The hunting bookmark that carries the entities (the Incidents API cannot attach entities directly; a related
 * bookmark's entity mappings are how they reach the incident). Entities beyond Sentinel's limits are listed in the notes.
 * Its query is the finding's investigation query (the events behind it, see buildInvestigationQuery) and its result a
 * compact sample of those events (see queryResultOf).
 */
export function bookmarkFor(finding: Finding, context: BookmarkContext): Bookmark {
  const plan = entityMappingsFor(finding.ip, finding.entities);
  const notes = [
    `Hard-coded external IP ${finding.ip} seen in ${finding.eventCount} process creation event(s) on ${entitiesOf(finding.entities, hostKind).length} host(s), ` +
      `${finding.firstSeen.toISOString()} to ${finding.lastSeen.toISOString()}.`,
  ];
  notes.push(...overflowNotes(plan));
  if (finding.commandLinesOmitted > 0) notes.push(`${finding.commandLinesOmitted} further distinct command line(s) not kept.`);
  notes.push(...evidenceNotes(context.evidence));
  return {
    displayName: `Hard-coded external IP ${finding.ip} in command lines`,
    query: buildInvestigationQuery(finding),
    queryResult: queryResultOf(finding, evidenceResult(context.evidence)),
    notes: notes.join('\n'),
    ...sharedFields(finding, plan, context),
  };
}

/** The evidence as notes: what it established, or that it was not available, and the evidence query to run in the portal. */
function evidenceNotes(evidence: EvidenceReport | undefined): string[] {
  if (!evidence) return [];
  const head =
    evidence.status === 'unavailable'
      ? `Evidence not available (${evidence.error}); a later run adds it.`
      : `Evidence: ${evidence.facts.labels.length > 0 ? evidence.facts.labels.join(', ') : 'none that raises severity'} ` +
        `(${evidence.evidence.connections.reduce((n, c) => n + c.count, 0)} connection record(s), ${evidence.evidence.indicators.length} indicator(s)).`;
  return [head, ...evidence.queries.map((q) => `Evidence query (run in Logs):\n${q}`)];
}

/** Evidence counts as query result columns. */
function evidenceResult(evidence: EvidenceReport | undefined): Record<string, unknown> {
  if (evidence?.status !== 'found') return evidence ? { Evidence: 'unavailable' } : {};
  const count = (outcome: string) => evidence.evidence.connections.filter((c) => c.outcome === outcome).reduce((n, c) => n + c.count, 0);
  return {
    EvidenceLabels: evidence.facts.labels,
    AllowedConnections: count('allowed'),
    BlockedConnections: count('blocked'),
    FailedConnections: count('failed'),
    Indicators: evidence.evidence.indicators.length,
    ValidIndicators: evidence.validIndicatorIds.length,
  };
}

/**
 * The "sighting" bookmark of a re-sighting: the IP plus only the new entities (`news`) as entity mappings (same
 * mapping and limits as the first bookmark; the rest listed in its notes). Related to the existing incident, it is how
 * the new entities reach it, as the Incidents API cannot attach entities directly.
 */
export function sightingBookmarkFor(finding: Finding, news: EntityLists, context: BookmarkContext): Bookmark {
  const plan = entityMappingsFor(finding.ip, news);
  const counted = ENTITY_KINDS.map((kind) => counting(entitiesOf(news, kind).length, kind.singular, kind.plural)).filter((p) => p !== undefined);
  const notes = [
    `Re-sighting of hard-coded external IP ${finding.ip}, last at ${finding.lastSeen.toISOString()}: ${counted.join(' and ')} since it was reported.`,
  ];
  notes.push(...overflowNotes(plan));
  return {
    displayName: `Hard-coded external IP ${finding.ip} seen again: ${counted.join(', ')}`,
    query: buildInvestigationQuery(finding),
    queryResult: queryResultOf(finding, resultEntities(news, 'New')),
    notes: notes.join('\n'),
    ...sharedFields(finding, plan, context),
  };
}

/**
 * What every bookmark of a finding carries: labels, times, entity mappings, tactics and techniques.
 * No incidentInfo: a bookmark is written before it is related to its incident, and the relation is what links them.
 */
function sharedFields(finding: Finding, plan: EntityPlan, context: BookmarkContext): Partial<Bookmark> {
  return {
    labels: incidentLabels(context.labels, context.evidence?.status === 'found' ? context.evidence.facts.labels : []),
    eventTime: finding.firstSeen,
    queryStartTime: context.window.start,
    queryEndTime: context.window.end,
    entityMappings: plan.mappings,
    tactics: [...BOOKMARK_TACTICS],
    techniques: [...BOOKMARK_TECHNIQUES],
  };
}

function overflowNotes(plan: EntityPlan): string[] {
  const notes: string[] = [];
  for (const kind of ENTITY_KINDS) {
    const omitted = entitiesOf(plan.omitted, kind).map((v) => kind.display(v));
    if (omitted.length > 0) notes.push(`${capitalized(kind.plural)} not mapped as entities (limit reached): ${omitted.join(', ')}`);
    const unmapped = entitiesOf(plan.unmapped, kind).map((v) => kind.display(v));
    if (unmapped.length > 0) notes.push(`${capitalized(kind.plural)} not mapped as entities (${kind.unmappedReason ?? 'not mappable'}): ${unmapped.join(', ')}`);
  }
  return notes;
}

/**
 * The bookmark's query result as JSON: the finding in one row (the address, its entities, processes, encodings, times and
 * event count) and `Events`, a sample of the rows its investigation query returns (time, host, account, process,
 * source, command line cut short). The Bookmarks API sets no length on queryResult (azure-rest-api-specs, SecurityInsights
 * 2022-09-01-preview Bookmarks.json, BookmarkProperties.queryResult is a plain string); the portal shows it as a record,
 * so it stays compact: RESULT_ENTITIES names per kind, and events dropped from the end beyond
 * SENTINEL_LIMITS.bookmarkQueryResultChars.
 */
function queryResultOf(finding: Finding, extra: Record<string, unknown>): string {
  const events = (finding.samples ?? []).map((sample) => ({
    TimeGenerated: sample.time.toISOString(),
    ...Object.fromEntries(ENTITY_KINDS.flatMap((kind) => (sample.entities[kind.name] !== undefined ? [[capitalized(kind.singular), sample.entities[kind.name]]] : []))),
    ...(sample.process !== undefined ? { Process: sample.process } : {}),
    ...(sample.source !== undefined ? { HuntSource: sample.source } : {}),
    CommandLine: truncate(sample.commandLine, RESULT_COMMAND_LINE_CHARS),
  }));
  const result = (kept: number) =>
    JSON.stringify({
      IP: finding.ip,
      ...resultEntities(finding.entities, ''),
      Processes: finding.processes,
      Encodings: finding.encodings,
      FirstSeen: finding.firstSeen.toISOString(),
      LastSeen: finding.lastSeen.toISOString(),
      EventCount: finding.eventCount,
      ...extra,
      Events: events.slice(0, kept),
      ...(kept < events.length ? { EventsOmitted: events.length - kept } : {}),
    });
  let kept = events.length;
  let json = result(kept);
  while (json.length > SENTINEL_LIMITS.bookmarkQueryResultChars && kept > 0) json = result(--kept);
  return json;
}

/** The entities as query result columns by kind (`Hosts`, `Accounts`; `NewHosts` with prefix `New`). */
function resultEntities(entities: EntityLists, prefix: string): Record<string, string[] | number> {
  return Object.fromEntries(
    listedKinds(entities).flatMap((kind) => {
      const texts = entitiesOf(entities, kind).map((v) => kind.display(v));
      const column = `${prefix}${capitalized(kind.name)}`;
      return [[column, texts.slice(0, RESULT_ENTITIES)], ...(texts.length > RESULT_ENTITIES ? [[`${column}Omitted`, texts.length - RESULT_ENTITIES]] : [])];
    }),
  );
}

function counting(count: number, singular: string, plural: string): string | undefined {
  return count === 0 ? undefined : `${count} new ${count === 1 ? singular : plural}`;
}
