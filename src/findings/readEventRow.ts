import type { EntityValue } from '../entities/entityKind.js';
import { ENTITY_KINDS, type EntityKindName, type EntityLists } from '../entities/entityKinds.js';
import { entitiesOf } from '../entities/entityLists.js';
import { hostKind } from '../entities/hostKind.js';
import type { EventRow } from './finding.js';

/** An input row reduced to what aggregation needs. */
export interface EventRowFields {
  readonly commandLine: string;
  readonly process: string | undefined;
  /** The hunting query's `HuntSource` column, when the row has one. */
  readonly source: string | undefined;
  /** Entities of the row by kind, e.g. hosts from `Hosts` (seed/hunt shape) or `Computer` (raw SecurityEvent); may be empty. */
  readonly entities: EntityLists;
  readonly firstSeen: Date;
  readonly lastSeen: Date;
  readonly eventCount: number;
  /** The row is in the seed's or our hunt query's summarized shape (it has an entity list column such as `Hosts`). */
  readonly summarized: boolean;
}

// `long` columns may arrive as numbers or, through some JSON layers, as digit strings.
function positiveInteger(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function toDate(value: unknown, column: string): Date | string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) return `${column} is not a date (got ${typeName(value)} ${JSON.stringify(value)?.slice(0, 40)})`;
  return date;
}

/**
 * Read one input row: a raw SecurityEvent row (TimeGenerated, Computer, Account, Process, CommandLine) or a row in the
 * seed's or our hunt query's output shape (FirstSeen, LastSeen, Hosts, Accounts, Host_count, EventCount). Returns a
 * message instead of throwing when the row cannot be used.
 *
 * EventCount: the row's `EventCount` when it is a positive integer (our hunt query); otherwise, for summarized rows,
 * `Host_count` (or the number of hosts) as a lower bound — every host contributed at least one event; otherwise 1.
 */
export function readEventRow(row: unknown): EventRowFields | string {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return `row is not an object (got ${typeName(row)})`;
  const r = row as EventRow;
  if (typeof r['CommandLine'] !== 'string') return `CommandLine is not a string (got ${typeName(r['CommandLine'])})`;
  const generated = toDate(r['TimeGenerated'], 'TimeGenerated');
  const first = toDate(r['FirstSeen'], 'FirstSeen') ?? generated;
  const last = toDate(r['LastSeen'], 'LastSeen') ?? generated ?? first;
  if (typeof generated === 'string') return generated;
  if (typeof first === 'string') return first;
  if (typeof last === 'string') return last;
  if (!(first instanceof Date) || !(last instanceof Date)) return 'has no TimeGenerated and no FirstSeen/LastSeen';
  // Loops, not some/fromEntries over the kinds: this runs once per row of a part (up to 500,000).
  let summarized = false;
  const entities: Partial<Record<EntityKindName, readonly EntityValue[]>> = {};
  for (const kind of ENTITY_KINDS) {
    summarized ||= r[kind.summaryColumn] !== undefined;
    entities[kind.name] = kind.fromRow(r);
  }
  const hostCount = entitiesOf(entities, hostKind).length;
  const eventCount = positiveInteger(r['EventCount']) ?? (summarized ? (positiveInteger(r['Host_count']) ?? Math.max(1, hostCount)) : 1);
  return {
    commandLine: r['CommandLine'],
    process: typeof r['Process'] === 'string' && r['Process'] !== '' ? r['Process'] : undefined,
    source: typeof r['HuntSource'] === 'string' && r['HuntSource'] !== '' ? r['HuntSource'] : undefined,
    entities,
    firstSeen: first.getTime() <= last.getTime() ? first : last,
    lastSeen: first.getTime() <= last.getTime() ? last : first,
    eventCount,
    summarized,
  };
}
