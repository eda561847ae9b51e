import { unionEntities } from '../entities/entityLists.js';
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
    entities: unionEntities(a.entities, b.entities),
    processes: union(a.processes, b.processes),
    ...(a.sources || b.sources ? { sources: union(a.sources ?? [], b.sources ?? []).sort() } : {}),
    commandLines: kept,
    commandLinesOmitted: a.commandLinesOmitted + b.commandLinesOmitted + (commandLines.length - kept.length),
    encodings: union(a.encodings, b.encodings),
    firstSeen: a.firstSeen < b.firstSeen ? a.firstSeen : b.firstSeen,
    lastSeen: a.lastSeen > b.lastSeen ? a.lastSeen : b.lastSeen,
    eventCount: a.eventCount + b.eventCount,
  };
}
