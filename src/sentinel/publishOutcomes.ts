import type { Incident } from '@azure/arm-securityinsight';
import { saysEvidenceUnavailable } from '../evidence/evidenceSection.js';
import type { ExecutedSteps } from './executeSteps.js';
import type { DecidedPlan, PublishPlan } from './publishPlan.js';
import type { PlannedRequest, PublishOutcome } from './publishTypes.js';

const NOT_READ =
  'dry run: the incident was not read; assumes it is open (sighting bookmark, comment and last activity depend on its state)';

/** The outcome of a dry run: what the plan would do, with the requests it would send. */
export function dryRunOutcome(plan: PublishPlan, payloads: readonly PlannedRequest[]): PublishOutcome {
  switch (plan.kind) {
    case 'create':
    case 'newGeneration':
      return { ip: plan.ip, action: 'created', generation: plan.generation, incidentId: plan.incidentId, detail: joinDetail('dry run', plan.because), payloads };
    case 'read':
    case 'resight':
    case 'reopen': {
      const writes = plan.steps.some((step) => step.kind !== 'readIncident' && step.kind !== 'note');
      return {
        ip: plan.ip,
        action: writes ? 'updated' : 'unchanged',
        generation: plan.generation,
        incidentId: plan.incidentId,
        detail: plan.kind === 'read' ? NOT_READ : 'dry run',
        payloads,
      };
    }
    case 'nothing':
    case 'defer':
      return plan.outcome;
  }
}

/** The outcome of a plan whose steps were all sent, from what they brought back. */
export function executedOutcome(plan: DecidedPlan, executed: ExecutedSteps): PublishOutcome {
  switch (plan.kind) {
    case 'create':
    case 'newGeneration': {
      const { ip, generation, incidentId, because } = plan;
      if (executed.found) {
        return {
          ip,
          action: 'unchanged',
          generation,
          incidentId,
          ...numbered(executed.found),
          detail: joinDetail(because, 'already created by an interrupted run; left as it is'),
          ...(saysEvidenceUnavailable(executed.found.description) ? { evidenceMissing: true } : {}),
        };
      }
      // Created or written again under the same id: 200 and 201 are both answers to a create, so neither says which.
      return {
        ip,
        action: 'created',
        generation,
        incidentId,
        ...numbered(executed.created),
        ...(because ? { detail: because } : {}),
      };
    }
    case 'resight':
    case 'reopen': {
      const reopen = plan.kind === 'reopen';
      const done = plan.steps.flatMap((step) => {
        switch (step.kind) {
          case 'note':
            return [step.text];
          case 'putRelation':
          case 'putComment':
            return step.note ? [step.note] : [];
          case 'updateIncident':
            return updateNotes(plan.current, executed.updated, reopen);
          default:
            return [];
        }
      });
      return {
        ip: plan.ip,
        action: done.length > 0 ? 'updated' : 'unchanged',
        generation: plan.generation,
        incidentId: plan.incidentId,
        ...numbered(executed.updated ?? plan.current),
        detail: done.length > 0 ? done.join(', ') : 'nothing new',
      };
    }
    case 'nothing':
    case 'defer':
      return plan.outcome;
  }
}

/** What an incident update did, as the service answered it (nothing when, read again after a conflict, it needed no change). */
function updateNotes(before: Incident, after: Incident | undefined, reopen: boolean): string[] {
  if (!after) return [];
  if (reopen) return ['reopened'];
  const notes: string[] = [];
  if (after.severity === 'High' && before.severity !== 'High') notes.push('severity raised to High');
  if (after.lastActivityTimeUtc?.getTime() !== before.lastActivityTimeUtc?.getTime()) notes.push('last activity moved');
  if (after.description !== before.description) notes.push('evidence added');
  return notes;
}

function numbered(incident: Incident | undefined): { incidentNumber?: number } {
  return incident?.incidentNumber !== undefined ? { incidentNumber: incident.incidentNumber } : {};
}

function joinDetail(...parts: (string | undefined)[]): string | undefined {
  const present = parts.filter((p): p is string => p !== undefined && p !== '');
  return present.length > 0 ? present.join('; ') : undefined;
}
