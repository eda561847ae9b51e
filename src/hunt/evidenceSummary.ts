import type { EvidenceLookup } from '../evidence/lookupEvidence.js';
import type { EvidenceSummary } from './huntSummary.js';

/** The run summary's evidence part: per-IP counts of connections by outcome and of indicators. Pure. */
export function evidenceSummary(lookup: EvidenceLookup, ms: number): EvidenceSummary {
  const ips = [...lookup.reports.entries()].map(([ip, report]) => {
    if (report.status === 'unavailable') {
      return { ip, status: report.status, labels: [], allowed: 0, blocked: 0, failed: 0, indicators: 0, validIndicators: 0 };
    }
    const count = (outcome: string) => report.evidence.connections.filter((c) => c.outcome === outcome).reduce((n, c) => n + c.count, 0);
    return {
      ip,
      status: report.status,
      labels: report.facts.labels,
      allowed: count('allowed'),
      blocked: count('blocked'),
      failed: count('failed'),
      indicators: report.evidence.indicators.length,
      validIndicators: report.validIndicatorIds.length,
    };
  });
  return { roundTrips: lookup.roundTrips, ms, skippedSources: lookup.skippedSources, problems: lookup.problems, ips };
}
