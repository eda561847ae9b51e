import type { EvidenceReport } from '../evidence/evidence.js';
import type { Finding } from '../findings/finding.js';
import { bookmarkFor } from './bookmarkFor.js';
import { incidentFor } from './incidentFor.js';
import { publishIds } from './publishIds.js';
import type { NewIncidentPlan, PlanSettings, SettledPlan } from './publishPlan.js';
import type { SeenRecord } from '../state/stateStore.js';
import type { PublishStep } from './publishSteps.js';
import { bookmarkResourceId } from './sentinelPaths.js';

/**
 * The three resources of a new IP's incident, all under deterministic ids: the hunting bookmark carrying the entities,
 * the incident, and the relation from the incident to the bookmark. `recovering` (an interrupted run may have written
 * them already) reads the incident before writing it and leaves an existing one as it is — an analyst may have triaged
 * it — while still writing its bookmark and relation.
 */
export function planNewIncident(finding: Finding, settings: PlanSettings, options: { recovering: boolean; evidence?: EvidenceReport | undefined }): NewIncidentPlan {
  return {
    ...newIncident(finding, 1, settings, options.recovering, options.evidence),
    kind: 'create',
    whenDeferred: { ip: finding.ip, action: 'deferred', generation: 1, detail: 'over the per-run cap' },
  };
}

/** A new incident, generation + 1, superseding the reported one (closed long enough, or gone) for `reason`. */
export function planNewGeneration(finding: Finding, prior: SeenRecord, reason: string, settings: PlanSettings, evidence?: EvidenceReport): NewIncidentPlan {
  const generation = prior.generation + 1;
  return {
    ...newIncident(finding, generation, settings, false, evidence),
    kind: 'newGeneration',
    because: `new incident, generation ${generation}: ${reason}`,
    whenDeferred: {
      ip: finding.ip,
      action: 'deferred',
      generation: prior.generation,
      incidentId: prior.incidentId,
      detail: `over the per-run cap (${reason})`,
    },
  };
}

/** The plan of a new incident the per-run cap has no slot for. */
export function deferredPlan(plan: NewIncidentPlan): SettledPlan {
  return { kind: 'defer', outcome: plan.whenDeferred, steps: [] };
}

function newIncident(finding: Finding, generation: number, settings: PlanSettings, recovering: boolean, evidence: EvidenceReport | undefined) {
  const { config, workspaceId, context } = settings;
  const { incidentId, bookmarkId, relationName } = publishIds(workspaceId, config.detectionId, finding.ip, generation);
  const steps: PublishStep[] = [
    { kind: 'putBookmark', bookmarkId, bookmark: bookmarkFor(finding, { window: context.window, labels: config.labels, ...(evidence ? { evidence } : {}) }) },
    ...(recovering ? [{ kind: 'readIncident' as const, incidentId }] : []),
    { kind: 'putIncident', incidentId, incident: incidentFor(finding, config, evidence), unlessFound: recovering },
    { kind: 'putRelation', incidentId, relationName, bookmarkId, relatedResourceId: bookmarkResourceId(config, bookmarkId) },
  ];
  return { ip: finding.ip, generation, incidentId, recovering, steps };
}
