import type { Finding } from '../findings/finding.js';

function union<T>(a: readonly T[], b: readonly T[]): T[] {
  return [...new Set([...a, ...b])];
}

/**
 * Merge two findings for the same IP (a finding carried over from an earlier run with this run's one).
 * Lists keep first-seen order; command lines stay within `maxCommandLines`, the rest counted.
 */
export function mergeFindings(a: Finding, b: Finding, maxCommandLines: number): Finding {
  const commandLines = union(a.commandLines, b.commandLines);
  const kept = commandLines.slice(0, maxCommandLines);
  return {
    ip: a.ip,
    version: a.version,
    hosts: union(a.hosts, b.hosts),
    accounts: union(a.accounts, b.accounts),
    processes: union(a.processes, b.processes),
    commandLines: kept,
    commandLinesOmitted: a.commandLinesOmitted + b.commandLinesOmitted + (commandLines.length - kept.length),
    encodings: union(a.encodings, b.encodings),
    firstSeen: a.firstSeen < b.firstSeen ? a.firstSeen : b.firstSeen,
    lastSeen: a.lastSeen > b.lastSeen ? a.lastSeen : b.lastSeen,
    eventCount: a.eventCount + b.eventCount,
  };
}

/** What a finding adds to what was already reported for its IP; empty lists and `later: false` mean nothing new. */
export function whatIsNew(
  finding: Finding,
  reported: { hosts: readonly string[]; accounts: readonly string[]; commandLines: readonly string[]; lastSeen: Date },
): { hosts: string[]; accounts: string[]; commandLines: string[]; later: boolean } {
  const lower = (values: readonly string[]): Set<string> => new Set(values.map((v) => v.toLowerCase()));
  const hosts = lower(reported.hosts);
  const accounts = lower(reported.accounts);
  const lines = new Set(reported.commandLines);
  return {
    hosts: finding.hosts.filter((h) => !hosts.has(h.toLowerCase())),
    accounts: finding.accounts.filter((a) => !accounts.has(a.toLowerCase())),
    commandLines: finding.commandLines.filter((c) => !lines.has(c)),
    later: finding.lastSeen.getTime() > reported.lastSeen.getTime(),
  };
}
