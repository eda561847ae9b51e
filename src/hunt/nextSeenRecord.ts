import { unionEntities } from '../entities/entityLists.js';
import type { Finding } from '../findings/finding.js';
import type { PublishOutcome } from '../sentinel/index.js';
import type { SeenRecord } from '../state/stateStore.js';

/** The seen record after a successful publish: what was reported before plus this finding. */
export function nextSeenRecord(finding: Finding, outcome: PublishOutcome, prior: SeenRecord | undefined, now: Date): SeenRecord {
  const union = (a: readonly string[], b: readonly string[]): string[] => [...new Set([...a, ...b])];
  const newGeneration = prior !== undefined && outcome.generation !== prior.generation;
  const base = newGeneration ? undefined : prior;
  return {
    ip: finding.ip,
    incidentId: outcome.incidentId ?? prior?.incidentId ?? '',
    ...(outcome.incidentNumber !== undefined
      ? { incidentNumber: outcome.incidentNumber }
      : prior?.incidentNumber !== undefined && !newGeneration
        ? { incidentNumber: prior.incidentNumber }
        : {}),
    generation: outcome.generation,
    entities: unionEntities(base?.entities ?? {}, finding.entities),
    commandLines: union(base?.commandLines ?? [], finding.commandLines),
    firstReported: base?.firstReported ?? now,
    lastReported: now,
    lastSeen: base && base.lastSeen > finding.lastSeen ? base.lastSeen : finding.lastSeen,
  };
}
