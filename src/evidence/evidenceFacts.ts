import type { EvidenceFacts, EvidenceLabel, IndicatorEvidence, IpEvidence } from './evidence.js';

/** The thresholds evidence is judged by (settings, see EvidencePolicy in loadConfig). */
export interface EvidenceThresholds {
  /** EVIDENCE_MIN_ALLOWED_CONNECTIONS: allowed connections needed before `contacted` holds (default 1). */
  readonly minAllowedConnections: number;
  /** EVIDENCE_TI_MIN_CONFIDENCE: an indicator below this confidence does not count (default 0; none given counts). */
  readonly minIndicatorConfidence: number;
}

/** When the address was sighted: from the finding's first to its last sighting. */
export interface Sighting {
  readonly firstSeen: Date;
  readonly lastSeen: Date;
}

/**
 * True when an indicator counts for a sighting: neither revoked nor deleted, confident enough, and valid at some time of
 * the sighting (its validity overlaps first-to-last seen). `IsActive` false without an end of validity is a feed's
 * deactivation and does not count; with one, the validity decides (it may have lapsed after the sighting).
 */
export function indicatorCounts(indicator: IndicatorEvidence, sighting: Sighting, thresholds: EvidenceThresholds): boolean {
  if (indicator.revoked || indicator.deleted) return false;
  if (!indicator.active && !indicator.validUntil) return false;
  if (indicator.confidence !== null && indicator.confidence < thresholds.minIndicatorConfidence) return false;
  if (indicator.validFrom && indicator.validFrom.getTime() > sighting.lastSeen.getTime()) return false;
  if (indicator.validUntil && indicator.validUntil.getTime() <= sighting.firstSeen.getTime()) return false;
  return true;
}

/** What the evidence establishes for one sighting: contacted, blocked, a threat-intelligence match, and their labels. Pure. */
export function evidenceFacts(evidence: IpEvidence, sighting: Sighting, thresholds: EvidenceThresholds): EvidenceFacts & { validIndicatorIds: string[] } {
  const allowed = evidence.connections.filter((c) => c.outcome === 'allowed').reduce((sum, c) => sum + c.count, 0);
  const contacted = allowed > 0 && allowed >= thresholds.minAllowedConnections;
  const blocked = evidence.connections.some((c) => c.outcome === 'blocked');
  const validIndicatorIds = evidence.indicators.filter((i) => indicatorCounts(i, sighting, thresholds)).map((i) => i.id);
  const tiMatch = validIndicatorIds.length > 0;
  const labels: EvidenceLabel[] = [];
  if (contacted) labels.push('contacted');
  if (blocked) labels.push('blocked');
  if (tiMatch) labels.push('ti-match');
  return { contacted, blocked, tiMatch, labels, validIndicatorIds };
}
