import { extractAddresses } from '../detect/extractAddresses.js';
import type { EntityKind, EntityValue } from '../entities/entityKind.js';
import { ENTITY_KINDS, type EntityKindName, type EntityLists } from '../entities/entityKinds.js';
import { entitiesOf, identityOf } from '../entities/entityLists.js';
import { hostKind } from '../entities/hostKind.js';
import type { CompiledExclusions, ExclusionMatch } from '../exclusions/compileExclusions.js';
import type { Sighting } from '../exclusions/conditions/exclusionConditions.js';
import { memoizeBounded } from '../memoizeBounded.js';
import type { AddressEncoding, EventRow, Exclusion, Finding, FoundAddress, RowError, SampleEvent } from './finding.js';
import { RawFormSet } from './RawFormSet.js';
import { readEventRow, type EventRowFields } from './readEventRow.js';

/** The events a finding samples for its bookmark: one per distinct command line, the first few, each line cut short. */
export const SAMPLE_LIMITS = Object.freeze({ events: 5, commandLineChars: 500 });

export interface AggregateOptions {
  exclusions: CompiledExclusions;
  /** Distinct command lines kept per finding; the rest are counted in `commandLinesOmitted`. */
  maxCommandLines: number;
}

export interface AggregateResult {
  /** One per external IP that survived exclusions, sorted by host count (descending), then IP. */
  findings: Finding[];
  /** One per (ip, rule) that removed at least one sighting, with the rule's reason. */
  excluded: Exclusion[];
  /** Rows that could not be used (e.g. CommandLine not a string), by their index in the input. */
  rowErrors: RowError[];
  rows: number;
  /** Rows whose CommandLine held at least one address (external or not). */
  candidateLines: number;
  /** (row, distinct external IP) pairs before exclusions. */
  externalSightings: number;
}

interface Accumulator {
  readonly ip: string;
  readonly entities: EntitySets;
  readonly processes: Set<string>;
  readonly sources: Set<string>;
  readonly commandLines: string[];
  readonly distinctLines: Set<string>;
  readonly encodings: Set<AddressEncoding>;
  readonly rawForms: RawFormSet;
  readonly samples: SampleEvent[];
  firstSeen: Date;
  lastSeen: Date;
  eventCount: number;
}

/** One external address of a command line: every encoding it was written in, and each hit (for its raw forms). */
interface LineExternal {
  readonly encodings: Set<AddressEncoding>;
  readonly hits: FoundAddress[];
}

/** External addresses of one command line, deduplicated. */
function externalsOf(commandLine: string): { any: boolean; externals: Map<string, LineExternal> } {
  const all = extractAddresses(commandLine);
  const externals = new Map<string, LineExternal>();
  for (const a of all) {
    if (a.kind !== 'external') continue;
    let external = externals.get(a.address);
    if (external === undefined) externals.set(a.address, (external = { encodings: new Set(), hits: [] }));
    external.encodings.add(a.encoding);
    external.hits.push(a);
  }
  return { any: all.length > 0, externals };
}

/** The sample of one row: the first kept entity of each kind (kinds rules cannot name: the row's first). */
function sampleOf(fields: EventRowFields, kept: ReadonlySet<SightedEntity>): SampleEvent {
  const entities: Partial<Record<EntityKindName, string>> = {};
  for (const e of kept) entities[e.kind.name] ??= e.text;
  for (const kind of ENTITY_KINDS) {
    const first = kind.exclusionField === undefined ? entitiesOf(fields.entities, kind)[0] : undefined;
    if (first !== undefined) entities[kind.name] ??= kind.display(first);
  }
  const { commandLineChars } = SAMPLE_LIMITS;
  return {
    time: fields.firstSeen,
    entities,
    ...(fields.process !== undefined ? { process: fields.process } : {}),
    ...(fields.source !== undefined ? { source: fields.source } : {}),
    commandLine: fields.commandLine.length <= commandLineChars ? fields.commandLine : `${fields.commandLine.slice(0, commandLineChars - 1)}…`,
  };
}

/**
 * Extractions kept for command lines seen again in raw rows, which repeat lines (one per event); the bound keeps a part's
 * distinct lines, which may be hundreds of thousands, from all staying in memory with their extractions while the part
 * is aggregated. Summarized rows are not cached: the hunting query summarizes by command line, so its rows hardly ever
 * repeat one, and caching them only cost time — 1,000 entries of extractions that outlive their row made aggregation of
 * `npm run bench:aggregate`'s 100,000 distinct lines 35–45 % slower (old and new code alternated in one process).
 */
const CACHED_LINES = 1_000;

/** Entities by kind, each by exact identity. */
type EntitySets = Map<EntityKindName, Map<string, EntityValue>>;

/** One entity of a sighting, with the text exclusion rules see. */
interface SightedEntity {
  readonly kind: (typeof ENTITY_KINDS)[number];
  readonly value: EntityValue;
  readonly identity: string;
  readonly text: string;
}

/** The kinds exclusion rules can name: a summarized row is checked for every combination of their entities. */
const MATCHED_KINDS = ENTITY_KINDS.filter((kind) => kind.exclusionField !== undefined);

/**
 * Each matched kind's entities of a row, with their identity and the text rules see; kinds without entities left out.
 * `known` keeps each entity value's sighted form: rows share the values of names they repeat (see `cachedParse`), so an
 * entity's identity and text are built once, not once per row.
 */
function sightedEntities(entities: EntityLists, known: WeakMap<EntityValue, SightedEntity>): SightedEntity[][] {
  const lists: SightedEntity[][] = [];
  for (const kind of MATCHED_KINDS) {
    const values = entitiesOf(entities, kind);
    if (values.length === 0) continue;
    lists.push(
      values.map((value) => {
        let sighted = known.get(value);
        if (sighted === undefined) known.set(value, (sighted = { kind, value, identity: identityOf(kind, value), text: kind.display(value) }));
        return sighted;
      }),
    );
  }
  return lists;
}

/**
 * Visit every combination of one entity per list (e.g. every (host, account) pair), counting through the lists like an
 * odometer so that no combination is allocated; `visit` gets the current index into each list.
 */
function forEachCombination(lists: readonly (readonly SightedEntity[])[], visit: (indexes: readonly number[]) => void): void {
  const indexes = lists.map(() => 0);
  for (;;) {
    visit(indexes);
    let k = lists.length - 1;
    while (k >= 0 && ++indexes[k]! === lists[k]!.length) indexes[k--] = 0;
    if (k < 0) return;
  }
}

function addEntity(into: EntitySets, kind: EntityKind<EntityKindName>, identity: string, value: EntityValue): void {
  let values = into.get(kind.name);
  if (values === undefined) into.set(kind.name, (values = new Map()));
  values.set(identity, value);
}

function sortedEntities(entities: EntitySets): EntityLists {
  return Object.fromEntries(
    ENTITY_KINDS.map((kind) => [
      kind.name,
      [...(entities.get(kind.name)?.values() ?? [])].sort((a, b) => compareText(kind.display(a), kind.display(b)) || compareText(identityOf(kind, a), identityOf(kind, b))),
    ]),
  );
}

/**
 * Turn event rows into one finding per external IP. Addresses are always re-extracted from CommandLine (the seed's IP
 * column is unreliable). Exclusions apply per sighting: a row with several hosts and accounts (seed/hunt shape) is
 * checked for every (host, account) pair — every combination of the entity kinds rules can name — since the pairing is
 * lost in the summary; a host or account stays on the finding when at least one of its pairs survives, and entities
 * of kinds rules cannot name stay when any pair survives. So an EXCLUDED_CIDRS entry removes the address everywhere, while a
 * host rule removes only the matching hosts.
 *
 * Event counts: a summarized row cannot be split, so its events count toward the finding when any pair survives, and
 * toward each rule that removed at least one of its pairs; for a raw row (one host, one account) both are exact.
 */
export function aggregateFindings(rows: Iterable<EventRow>, options: AggregateOptions): AggregateResult {
  const { exclusions, maxCommandLines } = options;
  const findings = new Map<string, Accumulator>();
  const excluded = new Map<string, { ip: string; match: ExclusionMatch; eventCount: number }>();
  const rowErrors: RowError[] = [];
  const extract = memoizeBounded(externalsOf, CACHED_LINES);
  const known = new WeakMap<EntityValue, SightedEntity>();
  let rowCount = 0;
  let candidateLines = 0;
  let externalSightings = 0;

  for (const row of rows) {
    const index = rowCount++;
    const fields = readEventRow(row);
    if (typeof fields === 'string') {
      rowErrors.push({ index, message: `row ${index}: ${fields}` });
      continue;
    }
    const extracted = fields.summarized ? externalsOf(fields.commandLine) : extract(fields.commandLine);
    if (extracted.any) candidateLines++;
    const sighted = extracted.externals.size > 0 ? sightedEntities(fields.entities, known) : [];

    for (const [ip, { encodings, hits }] of extracted.externals) {
      externalSightings++;
      const keptEntities = new Set<SightedEntity>();
      let removedBy: Map<string, ExclusionMatch> | undefined;
      let kept = false;
      // One sighting per address, its entity fields set for each combination in turn (matching keeps no reference).
      const sighting: Sighting = { ip, process: fields.process, commandLine: fields.commandLine };
      forEachCombination(sighted, (indexes) => {
        for (let k = 0; k < sighted.length; k++) {
          const entity = sighted[k]![indexes[k]!]!;
          sighting[entity.kind.exclusionField!] = entity.text;
        }
        const match = exclusions.match(sighting);
        if (match !== undefined) {
          (removedBy ??= new Map()).set(match.rule, match);
          return;
        }
        kept = true;
        for (let k = 0; k < sighted.length; k++) keptEntities.add(sighted[k]![indexes[k]!]!);
      });
      for (const match of removedBy?.values() ?? []) {
        const key = `${ip}\u0000${match.rule}`;
        const entry = excluded.get(key);
        if (entry) entry.eventCount += fields.eventCount;
        else excluded.set(key, { ip, match, eventCount: fields.eventCount });
      }
      if (!kept) continue;

      let acc = findings.get(ip);
      if (acc === undefined) {
        acc = {
          ip,
          entities: new Map(),
          processes: new Set(),
          sources: new Set(),
          commandLines: [],
          distinctLines: new Set(),
          encodings: new Set(),
          rawForms: new RawFormSet(),
          samples: [],
          firstSeen: fields.firstSeen,
          lastSeen: fields.lastSeen,
          eventCount: 0,
        };
        findings.set(ip, acc);
      }
      for (const { kind, identity, value } of keptEntities) addEntity(acc.entities, kind, identity, value);
      // Kinds rules cannot name stay whole when any sighting of the row does.
      for (const kind of ENTITY_KINDS) {
        if (kind.exclusionField === undefined) for (const value of entitiesOf(fields.entities, kind)) addEntity(acc.entities, kind, identityOf(kind, value), value);
      }
      if (fields.process !== undefined) acc.processes.add(fields.process);
      if (fields.source !== undefined) acc.sources.add(fields.source);
      if (!acc.distinctLines.has(fields.commandLine)) {
        acc.distinctLines.add(fields.commandLine);
        if (acc.commandLines.length < maxCommandLines) acc.commandLines.push(fields.commandLine);
        if (acc.samples.length < SAMPLE_LIMITS.events) acc.samples.push(sampleOf(fields, keptEntities));
        for (const hit of hits) acc.rawForms.addHit(hit);
      }
      for (const e of encodings) acc.encodings.add(e);
      // getTime, not `<` on the Dates: relational operators convert each Date through valueOf, per row.
      if (fields.firstSeen.getTime() < acc.firstSeen.getTime()) acc.firstSeen = fields.firstSeen;
      if (fields.lastSeen.getTime() > acc.lastSeen.getTime()) acc.lastSeen = fields.lastSeen;
      acc.eventCount += fields.eventCount;
    }
  }

  const result: Finding[] = [...findings.values()].map((acc) => ({
    ip: acc.ip,
    version: acc.ip.includes(':') ? 6 : 4,
    entities: sortedEntities(acc.entities),
    processes: [...acc.processes].sort(),
    ...(acc.sources.size > 0 ? { sources: [...acc.sources].sort() } : {}),
    commandLines: acc.commandLines,
    commandLinesOmitted: acc.distinctLines.size - acc.commandLines.length,
    encodings: [...acc.encodings].sort(),
    firstSeen: acc.firstSeen,
    lastSeen: acc.lastSeen,
    eventCount: acc.eventCount,
    rawForms: acc.rawForms.forms,
    rawFormsOmitted: acc.rawForms.omitted,
    samples: acc.samples,
  }));
  const hostCount = (f: Finding) => entitiesOf(f.entities, hostKind).length;
  result.sort((a, b) => hostCount(b) - hostCount(a) || compareText(a.ip, b.ip));
  const exclusionList: Exclusion[] = [...excluded.values()]
    .map((e) => ({ ip: e.ip, reason: e.match.reason, rule: e.match.rule, eventCount: e.eventCount }))
    .sort((a, b) => b.eventCount - a.eventCount || compareText(a.ip, b.ip) || compareText(a.rule, b.rule));
  return { findings: result, excluded: exclusionList, rowErrors, rows: rowCount, candidateLines, externalSightings };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
