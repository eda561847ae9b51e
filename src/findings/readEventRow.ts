/** An input row reduced to what aggregation needs. */
export interface EventRowFields {
  readonly commandLine: string;
  readonly process: string | undefined;
  /** Hosts of the row: `Hosts` (seed/hunt shape) or `[Computer]` (raw SecurityEvent); may be empty. */
  readonly hosts: readonly string[];
  readonly accounts: readonly string[];
  readonly firstSeen: Date;
  readonly lastSeen: Date;
  readonly eventCount: number;
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
 * A dynamic array column arrives as an array, or — from the Log Analytics REST API — as a JSON string of one.
 * A string that is not a JSON array is taken as a single value.
 */
function toNames(value: unknown, fallback: unknown): string[] {
  let list: unknown = value;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('[')) {
      try {
        list = JSON.parse(text);
      } catch {
        list = [value];
      }
    } else {
      list = text === '' ? [] : [text];
    }
  }
  if (Array.isArray(list)) return [...new Set(list.filter((v): v is string => typeof v === 'string' && v !== ''))];
  return typeof fallback === 'string' && fallback !== '' ? [fallback] : [];
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
  const r = row as Record<string, unknown>;
  if (typeof r.CommandLine !== 'string') return `CommandLine is not a string (got ${typeName(r.CommandLine)})`;
  const generated = toDate(r.TimeGenerated, 'TimeGenerated');
  const first = toDate(r.FirstSeen, 'FirstSeen') ?? generated;
  const last = toDate(r.LastSeen, 'LastSeen') ?? generated ?? first;
  for (const d of [generated, first, last]) if (typeof d === 'string') return d;
  if (!(first instanceof Date) || !(last instanceof Date)) return 'has no TimeGenerated and no FirstSeen/LastSeen';
  const summarized = r.Hosts !== undefined || r.Accounts !== undefined;
  const hosts = toNames(r.Hosts, r.Computer);
  const accounts = toNames(r.Accounts, r.Account);
  const eventCount = positiveInteger(r.EventCount) ?? (summarized ? (positiveInteger(r.Host_count) ?? Math.max(1, hosts.length)) : 1);
  return {
    commandLine: r.CommandLine,
    process: typeof r.Process === 'string' && r.Process !== '' ? r.Process : undefined,
    hosts,
    accounts,
    firstSeen: first <= last ? first : last,
    lastSeen: first <= last ? last : first,
    eventCount,
  };
}
