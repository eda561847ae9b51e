import type { Incident } from '@azure/arm-securityinsight';
import { entitiesOf } from '../entities/entityLists.js';
import { hostKind } from '../entities/hostKind.js';
import type { EvidenceLabel, EvidenceReport } from '../evidence/evidence.js';
import type { Finding } from '../findings/finding.js';
import { incidentDescription } from './incidentDescription.js';
import { incidentLabels } from './incidentLabels.js';
import { severityFor, type SeverityPolicy } from './severityFor.js';

/** What the incident mapping reads from SentinelConfig. */
export interface IncidentSettings extends SeverityPolicy {
  readonly labels: readonly string[];
}

/** The title names the IP and how many hosts it was seen on. */
export function incidentTitle(ip: string, hostCount: number): string {
  return `Hard-coded external IP ${ip} in command lines on ${hostCount} host${hostCount === 1 ? '' : 's'}`;
}

/** Labels evidence has established (none when it was not available). */
export function evidenceLabelsOf(evidence: EvidenceReport | undefined): readonly EvidenceLabel[] {
  return evidence?.status === 'found' ? evidence.facts.labels : [];
}

/**
 * The incident for a newly reported IP: status New, severity from the policy (evidence included), the automation
 * label plus configured labels plus the evidence labels, and the Evidence section in the description.
 */
export function incidentFor(finding: Finding, settings: IncidentSettings, evidence?: EvidenceReport): Incident {
  const hostCount = entitiesOf(finding.entities, hostKind).length;
  const evidenceLabels = evidenceLabelsOf(evidence);
  return {
    title: incidentTitle(finding.ip, hostCount),
    description: incidentDescription(finding, undefined, evidence),
    severity: severityFor(finding.ip, hostCount, settings, evidenceLabels),
    status: 'New',
    labels: incidentLabels(settings.labels, evidenceLabels).map((labelName) => ({ labelName })),
    firstActivityTimeUtc: finding.firstSeen,
    lastActivityTimeUtc: finding.lastSeen,
  };
}
