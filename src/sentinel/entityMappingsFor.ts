import type { BookmarkEntityMappings } from '@azure/arm-securityinsight';
import type { EntityValue } from '../entities/entityKind.js';
import { ENTITY_KINDS, type EntityLists } from '../entities/entityKinds.js';
import { entitiesOf } from '../entities/entityLists.js';
import { SENTINEL_LIMITS } from './sentinelLimits.js';

/** The bookmark's entity mappings plus, by kind, the entities that did not fit within Sentinel's limits. */
export interface EntityPlan {
  readonly mappings: BookmarkEntityMappings[];
  readonly omitted: EntityLists;
}

/** IP entity: `Address`. */
export function ipEntity(ip: string): BookmarkEntityMappings {
  return { entityType: 'IP', fieldMappings: [{ identifier: 'Address', value: ip }] };
}

/**
 * The IP first, then the entity kinds taken in turn (host, account, host, …) until the `SENTINEL_LIMITS.entityMappings`
 * slots are used, so no kind crowds out another; the rest go to the notes. Each kind's mapping has at most
 * `identifiersPerEntity` identifiers.
 */
export function entityMappingsFor(ip: string, entities: EntityLists): EntityPlan {
  const mappings: BookmarkEntityMappings[] = [ipEntity(ip)];
  const queues = ENTITY_KINDS.map((kind) => ({ kind, values: entitiesOf(entities, kind), next: 0 }));
  const left = () => queues.some((q) => q.next < q.values.length);
  while (mappings.length < SENTINEL_LIMITS.entityMappings && left()) {
    for (const queue of queues) {
      if (mappings.length >= SENTINEL_LIMITS.entityMappings) break;
      if (queue.next < queue.values.length) mappings.push(queue.kind.toMapping(queue.values[queue.next++]!));
    }
  }
  const omitted: Record<string, readonly EntityValue[]> = {};
  for (const q of queues) omitted[q.kind.name] = q.values.slice(q.next);
  return { mappings, omitted };
}
