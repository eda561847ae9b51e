import { displayEntities } from '../entities/entityLists.js';
import type { Finding } from '../findings/finding.js';
import type { FindingSummary } from './huntSummary.js';

const iso = (d: Date): string => d.toISOString();

/** A finding as the run summary shows it (dates as ISO-8601 text). */
export function summarizeFinding(f: Finding): FindingSummary {
  return {
    ip: f.ip,
    ...displayEntities(f.entities),
    processes: f.processes,
    ...(f.sources ? { sources: f.sources } : {}),
    encodings: f.encodings,
    eventCount: f.eventCount,
    firstSeen: iso(f.firstSeen),
    lastSeen: iso(f.lastSeen),
    commandLines: f.commandLines,
    commandLinesOmitted: f.commandLinesOmitted,
  };
}
