import { unionEntities } from '../entities/entityLists.js';
import { SAMPLE_LIMITS } from '../findings/aggregateFindings.js';
import type { Finding } from '../findings/finding.js';
import { findingRawForms } from '../findings/RawFormSet.js';

function union<T>(a: readonly T[], b: readonly T[]): T[] {
  return [...new Set([...a, ...b])];
}

/**
 * Merge two findings for the same IP (a finding carried over from an earlier run with this run's one).
 * Lists keep first-seen order; command lines stay within `maxCommandLines`, raw forms and samples within their limits,
 * the rest counted.
 */
export function mergeFindings(a: Finding, b: Finding, maxCommandLines: number): Finding {
  const commandLines = union(a.commandLines, b.commandLines);
  const kept = commandLines.slice(0, maxCommandLines);
  const rawForms = findingRawForms(a);
  const other = findingRawForms(b);
  for (const form of other.forms) rawForms.add(form);
  rawForms.addOmitted(other.omitted);
  const samples = [...(a.samples ?? [])];
  for (const sample of b.samples ?? []) {
    if (samples.length < SAMPLE_LIMITS.events && !samples.some((s) => s.commandLine === sample.commandLine)) samples.push(sample);
  }
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
    rawForms: rawForms.forms,
    rawFormsOmitted: rawForms.omitted,
    samples,
  };
}
