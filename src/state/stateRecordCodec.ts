import type { Finding } from '../findings/finding.js';
import { MAX_JSON_CHARS } from './jsonChunks.js';
import type { SeenRecord } from './stateStore.js';

/** Caps on what a seen record keeps; the incident holds the full story. */
const KEEP_HOSTS = 500;
const KEEP_ACCOUNTS = 500;
const KEEP_COMMAND_LINES = 100;

/** Keep the newest values of a list (lists are kept in first-seen order). */
function newest<T>(values: readonly T[], keep: number): T[] {
  return values.length > keep ? values.slice(values.length - keep) : [...values];
}

/** The lists of a seen record as JSON, the newest values kept when they would not fit in one entity. */
export function seenToJson(record: SeenRecord): string {
  let hosts = newest(record.hosts, KEEP_HOSTS);
  let accounts = newest(record.accounts, KEEP_ACCOUNTS);
  let commandLines = newest(record.commandLines, KEEP_COMMAND_LINES);
  let json = JSON.stringify({ hosts, accounts, commandLines });
  // Very long command lines (encoded payloads run to tens of KB) can still overflow: drop the oldest until it fits.
  while (json.length > MAX_JSON_CHARS && commandLines.length > 1) {
    commandLines = commandLines.slice(Math.ceil(commandLines.length / 2));
    hosts = hosts.slice(Math.floor(hosts.length / 2));
    accounts = accounts.slice(Math.floor(accounts.length / 2));
    json = JSON.stringify({ hosts, accounts, commandLines });
  }
  return json;
}

/** A pending finding as JSON; command lines beyond what fits in one entity are counted as omitted. */
export function findingToJson(finding: Finding): string {
  let value = finding;
  let json = JSON.stringify(value);
  while (json.length > MAX_JSON_CHARS && value.commandLines.length > 1) {
    const keep = Math.floor(value.commandLines.length / 2);
    value = { ...value, commandLines: value.commandLines.slice(0, keep), commandLinesOmitted: value.commandLinesOmitted + value.commandLines.length - keep };
    json = JSON.stringify(value);
  }
  return json;
}

/** A pending finding read back from its JSON, dates restored. */
export function findingFromJson(value: unknown): Finding {
  const f = value as Finding & { firstSeen: string; lastSeen: string };
  return { ...f, firstSeen: new Date(f.firstSeen), lastSeen: new Date(f.lastSeen) };
}
