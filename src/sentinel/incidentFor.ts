import type { Incident } from '@azure/arm-securityinsight';
import { entitiesOf } from '../entities/entityLists.js';
import { hostKind } from '../entities/hostKind.js';
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

/** The incident for a newly reported IP: status New, severity from the policy, the automation label plus configured labels. */
export function incidentFor(finding: Finding, settings: IncidentSettings): Incident {
  const hostCount = entitiesOf(finding.entities, hostKind).length;
  return {
    title: incidentTitle(finding.ip, hostCount),
    description: incidentDescription(finding),
    severity: severityFor(finding.ip, hostCount, settings),
    status: 'New',
    labels: incidentLabels(settings.labels).map((labelName) => ({ labelName })),
    firstActivityTimeUtc: finding.firstSeen,
    lastActivityTimeUtc: finding.lastSeen,
  };
}
