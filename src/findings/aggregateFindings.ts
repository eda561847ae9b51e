import { extractAddresses } from '../detect/extractAddresses.js';
import type { CompiledExclusions, ExclusionMatch } from '../exclusions/compileExclusions.js';
import type { AddressEncoding, EventRow, Exclusion, Finding, RowError } from './finding.js';
import { readEventRow } from './readEventRow.js';

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
  readonly hosts: Set<string>;
  readonly accounts: Set<string>;
  readonly processes: Set<string>;
  readonly commandLines: string[];
  readonly distinctLines: Set<string>;
  readonly encodings: Set<AddressEncoding>;
  firstSeen: Date;
  lastSeen: Date;
  eventCount: number;
}

/** External addresses of one command line, deduplicated, each with every encoding it was written in. */
function externalsOf(commandLine: string): { any: boolean; externals: Map<string, Set<AddressEncoding>> } {
  const all = extractAddresses(commandLine);
  const externals = new Map<string, Set<AddressEncoding>>();
  for (const a of all) {
    if (a.kind !== 'external') continue;
    let encodings = externals.get(a.address);
    if (encodings === undefined) externals.set(a.address, (encodings = new Set()));
    encodings.add(a.encoding);
  }
  return { any: all.length > 0, externals };
}

const NONE: readonly (string | undefined)[] = [undefined];

/**
 * Turn event rows into one finding per external IP. Addresses are always re-extracted from CommandLine (the seed's IP
 * column is unreliable). Exclusions apply per sighting: a row with several hosts and accounts (seed/hunt shape) is
 * checked for every (host, account) pair, since the pairing is lost in the summary; a host or account stays on the
 * finding when at least one of its pairs survives. So an EXCLUDED_CIDRS entry removes the address everywhere, while a
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
  const cache = new Map<string, ReturnType<typeof externalsOf>>();
  let rowCount = 0;
  let candidateLines = 0;
  let externalSightings = 0;

  for (const row of rows as Iterable<unknown>) {
    const index = rowCount++;
    const fields = readEventRow(row);
    if (typeof fields === 'string') {
      rowErrors.push({ index, message: `row ${index}: ${fields}` });
      continue;
    }
    let extracted = cache.get(fields.commandLine);
    if (extracted === undefined) {
      extracted = externalsOf(fields.commandLine);
      cache.set(fields.commandLine, extracted);
    }
    if (extracted.any) candidateLines++;
    const hosts = fields.hosts.length > 0 ? fields.hosts : NONE;
    const accounts = fields.accounts.length > 0 ? fields.accounts : NONE;

    for (const [ip, encodings] of extracted.externals) {
      externalSightings++;
      const keptHosts = new Set<string>();
      const keptAccounts = new Set<string>();
      const removedBy = new Map<string, ExclusionMatch>();
      let kept = false;
      for (const host of hosts) {
        for (const account of accounts) {
          const match = exclusions.match({ ip, process: fields.process, host, account, commandLine: fields.commandLine });
          if (match !== undefined) {
            removedBy.set(match.rule, match);
            continue;
          }
          kept = true;
          if (host !== undefined) keptHosts.add(host);
          if (account !== undefined) keptAccounts.add(account);
        }
      }
      for (const match of removedBy.values()) {
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
          hosts: new Set(),
          accounts: new Set(),
          processes: new Set(),
          commandLines: [],
          distinctLines: new Set(),
          encodings: new Set(),
          firstSeen: fields.firstSeen,
          lastSeen: fields.lastSeen,
          eventCount: 0,
        };
        findings.set(ip, acc);
      }
      for (const h of keptHosts) acc.hosts.add(h);
      for (const a of keptAccounts) acc.accounts.add(a);
      if (fields.process !== undefined) acc.processes.add(fields.process);
      if (!acc.distinctLines.has(fields.commandLine)) {
        acc.distinctLines.add(fields.commandLine);
        if (acc.commandLines.length < maxCommandLines) acc.commandLines.push(fields.commandLine);
      }
      for (const e of encodings) acc.encodings.add(e);
      if (fields.firstSeen < acc.firstSeen) acc.firstSeen = fields.firstSeen;
      if (fields.lastSeen > acc.lastSeen) acc.lastSeen = fields.lastSeen;
      acc.eventCount += fields.eventCount;
    }
  }

  const result: Finding[] = [...findings.values()].map((acc) => ({
    ip: acc.ip,
    version: acc.ip.includes(':') ? 6 : 4,
    hosts: [...acc.hosts].sort(),
    accounts: [...acc.accounts].sort(),
    processes: [...acc.processes].sort(),
    commandLines: acc.commandLines,
    commandLinesOmitted: acc.distinctLines.size - acc.commandLines.length,
    encodings: [...acc.encodings].sort(),
    firstSeen: acc.firstSeen,
    lastSeen: acc.lastSeen,
    eventCount: acc.eventCount,
  }));
  result.sort((a, b) => b.hosts.length - a.hosts.length || compareText(a.ip, b.ip));
  const exclusionList: Exclusion[] = [...excluded.values()]
    .map((e) => ({ ip: e.ip, reason: e.match.reason, rule: e.match.rule, eventCount: e.eventCount }))
    .sort((a, b) => b.eventCount - a.eventCount || compareText(a.ip, b.ip) || compareText(a.rule, b.rule));
  return { findings: result, excluded: exclusionList, rowErrors, rows: rowCount, candidateLines, externalSightings };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
