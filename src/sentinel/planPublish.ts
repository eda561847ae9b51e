import type { Incident } from '@azure/arm-securityinsight';
import type { EvidenceReport } from '../evidence/evidence.js';
import type { Finding } from '../findings/finding.js';
import { planNewIncident } from './planNewIncident.js';
import { planResighting } from './planResighting.js';
import type { DecidedPlan, KnownIncident, PlanSettings, PublishPlan, ReadKnownIncident } from './publishPlan.js';
import type { SeenRecord } from '../state/stateStore.js';
import type { PublishItem } from './publishTypes.js';

/**
 * Decide what to send for one finding, given what is known of its incident: a new incident (new IP, or a new
 * generation), a re-sighting, a reopening, a read first (incident not read), or nothing (with the reason). Pure: the
 * per-run cap is the caller's (a new incident's plan says it needs a slot), and so is the sending.
 */
export function planPublish(finding: Finding, known: ReadKnownIncident, settings: PlanSettings, evidence?: EvidenceReport): DecidedPlan;
export function planPublish(finding: Finding, known: KnownIncident, settings: PlanSettings, evidence?: EvidenceReport): PublishPlan;
export function planPublish(finding: Finding, known: KnownIncident, settings: PlanSettings, evidence?: EvidenceReport): PublishPlan {
  switch (known.state) {
    case 'new':
      return planNewIncident(finding, settings, { recovering: false, evidence });
    case 'inFlight':
      return planNewIncident(finding, settings, { recovering: true, evidence });
    default:
      return planResighting(finding, known, settings, evidence);
  }
}

/** What an item says of its incident before anything is read. */
export function knownBeforeReading(item: PublishItem): KnownIncident {
  if (item.prior) return { state: 'notRead', prior: item.prior };
  return item.recovering === true ? { state: 'inFlight' } : { state: 'new' };
}

/** What a read of a reported IP's incident found (`undefined`: 404); a closed one's closing time is its last modification. */
export function knownAfterReading(prior: SeenRecord, incident: Incident | undefined): ReadKnownIncident {
  if (!incident) return { state: 'gone', prior };
  if (incident.status === 'Closed') {
    return { state: 'closed', prior, incident, closedAt: incident.lastModifiedTimeUtc ?? incident.lastActivityTimeUtc };
  }
  return { state: 'open', prior, incident };
}
