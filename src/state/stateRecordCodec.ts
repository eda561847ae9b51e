import { decodeEntities, encodeEntities } from '../entities/entityCodec.js';
import { mapEntityLists } from '../entities/entityLists.js';
import type { Finding, SampleEvent } from '../findings/finding.js';
import { MAX_JSON_CHARS } from './jsonChunks.js';
import type { PendingFinding, SeenRecord } from './stateStore.js';

/** Caps on what a seen record keeps; the incident holds the full story. Entities are kept per kind (hosts, accounts, …). */
const KEEP_ENTITIES = 500;
const KEEP_COMMAND_LINES = 100;

/** Keep the newest values of a list (lists are kept in first-seen order). */
function newest<T>(values: readonly T[], keep: number): T[] {
  return values.length > keep ? values.slice(values.length - keep) : [...values];
}

/**
 * The lists of a seen record as JSON — `{ hosts, accounts, …, commandLines }`, each entity in its stored form (see
 * entityCodec) — the newest values kept when they would not fit in one entity.
 */
export function seenToJson(record: SeenRecord): string {
  let entities = mapEntityLists(record.entities, (values) => newest(values, KEEP_ENTITIES));
  let commandLines = newest(record.commandLines, KEEP_COMMAND_LINES);
  let json = JSON.stringify({ ...encodeEntities(entities), commandLines });
  // Very long command lines (encoded payloads run to tens of KB) can still overflow: drop the oldest until it fits.
  while (json.length > MAX_JSON_CHARS && commandLines.length > 1) {
    commandLines = commandLines.slice(Math.ceil(commandLines.length / 2));
    entities = mapEntityLists(entities, (values) => values.slice(Math.floor(values.length / 2)));
    json = JSON.stringify({ ...encodeEntities(entities), commandLines });
  }
  return json;
}

/** The lists `seenToJson` wrote (also by earlier versions, whose entities are display texts). */
export function seenFromJson(value: unknown): Pick<SeenRecord, 'entities' | 'commandLines'> {
  const lists = value as Record<string, unknown> & { commandLines: string[] };
  return { entities: decodeEntities(lists), commandLines: lists.commandLines };
}

/** A pending finding as stored: the finding's fields, with its entities as top-level lists (`hosts`, `accounts`, …). */
function storedFinding(f: PendingFinding): Record<string, unknown> {
  return {
    ip: f.ip,
    version: f.version,
    ...encodeEntities(f.entities),
    processes: f.processes,
    ...(f.sources ? { sources: f.sources } : {}),
    commandLines: f.commandLines,
    commandLinesOmitted: f.commandLinesOmitted,
    encodings: f.encodings,
    firstSeen: f.firstSeen,
    lastSeen: f.lastSeen,
    eventCount: f.eventCount,
    ...(f.rawForms ? { rawForms: f.rawForms, rawFormsOmitted: f.rawFormsOmitted ?? 0 } : {}),
    ...(f.samples ? { samples: f.samples } : {}),
    ...(f.lastMerge ? { lastMerge: f.lastMerge } : {}),
  };
}

/** Samples as stored (time as ISO text); a record without them (earlier versions) has none. */
function samplesFromJson(value: unknown): SampleEvent[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return (value as (Omit<SampleEvent, 'time'> & { time: string })[]).map((s) => ({ ...s, time: new Date(s.time) }));
}

/**
 * A pending finding as JSON, within one entity: at most KEEP_ENTITIES entities of each kind (the first, in the finding's
 * order) — one IP on 40,000 hosts must still be storable — and command lines beyond what fits counted as omitted.
 * The entities left out are counted by kind in `entitiesOmitted`; the incident, once published, lists what fits there.
 */
export function findingToJson(finding: PendingFinding): string {
  const omitted: Record<string, number> = {};
  let value: PendingFinding = {
    ...finding,
    entities: mapEntityLists(finding.entities, (values, kind) => {
      if (values.length <= KEEP_ENTITIES) return values;
      omitted[kind.name] = values.length - KEEP_ENTITIES;
      return values.slice(0, KEEP_ENTITIES);
    }),
  };
  const stored = (f: PendingFinding) => JSON.stringify(Object.keys(omitted).length > 0 ? { ...storedFinding(f), entitiesOmitted: omitted } : storedFinding(f));
  let json = stored(value);
  while (json.length > MAX_JSON_CHARS && value.commandLines.length > 1) {
    const keep = Math.floor(value.commandLines.length / 2);
    value = { ...value, commandLines: value.commandLines.slice(0, keep), commandLinesOmitted: value.commandLinesOmitted + value.commandLines.length - keep };
    json = stored(value);
  }
  return json;
}

/** A pending finding read back from its JSON (also as earlier versions wrote it), dates restored. */
export function findingFromJson(value: unknown): PendingFinding {
  const f = value as Record<string, unknown> &
    Omit<Finding, 'entities' | 'firstSeen' | 'lastSeen' | 'samples'> & {
      firstSeen: string;
      lastSeen: string;
      lastMerge?: { start: string; eventCount: number; commandLinesOmitted: number; rawFormsOmitted?: number };
    };
  const samples = samplesFromJson(f['samples']);
  return {
    ip: f.ip,
    version: f.version,
    entities: decodeEntities(f),
    processes: f.processes,
    ...(Array.isArray(f.sources) ? { sources: f.sources } : {}),
    commandLines: f.commandLines,
    commandLinesOmitted: f.commandLinesOmitted,
    encodings: f.encodings,
    firstSeen: new Date(f.firstSeen),
    lastSeen: new Date(f.lastSeen),
    eventCount: f.eventCount,
    // Findings stored by earlier versions have neither; the investigation query then reads the forms from commandLines.
    ...(Array.isArray(f.rawForms) ? { rawForms: f.rawForms, rawFormsOmitted: typeof f.rawFormsOmitted === 'number' ? f.rawFormsOmitted : 0 } : {}),
    ...(samples ? { samples } : {}),
    ...(f.lastMerge ? { lastMerge: { ...f.lastMerge, start: new Date(f.lastMerge.start) } } : {}),
  };
}
