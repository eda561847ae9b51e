import type { BookmarkEntityMappings } from '@azure/arm-securityinsight';
import type { EntityValue } from '../entities/entityKind.js';
import { ENTITY_KINDS, type EntityLists } from '../entities/entityKinds.js';
import { entitiesOf } from '../entities/entityLists.js';
import { SENTINEL_LIMITS } from './sentinelLimits.js';

/**
 * The bookmark's entity mappings plus, by kind, the entities that did not fit within Sentinel's limits (`omitted`) and
 * those the kind does not map because Sentinel would drop them (`unmapped`, e.g. built-in accounts).
 */
export interface EntityPlan {
  readonly mappings: BookmarkEntityMappings[];
  readonly omitted: EntityLists;
  readonly unmapped: EntityLists;
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
  const unmapped: Record<string, EntityValue[]> = {};
  const queues = ENTITY_KINDS.map((kind) => {
    const values: { value: EntityValue; mapping: BookmarkEntityMappings }[] = [];
    unmapped[kind.name] = [];
    for (const value of entitiesOf(entities, kind)) {
      const mapping = kind.toMapping(value);
      if (mapping) values.push({ value, mapping });
      else unmapped[kind.name]!.push(value);
    }
    return { kind, values, next: 0 };
  });
  const left = () => queues.some((q) => q.next < q.values.length);
  while (mappings.length < SENTINEL_LIMITS.entityMappings && left()) {
    for (const queue of queues) {
      if (mappings.length >= SENTINEL_LIMITS.entityMappings) break;
      if (queue.next < queue.values.length) mappings.push(queue.values[queue.next++]!.mapping);
    }
  }
  const omitted: Record<string, readonly EntityValue[]> = {};
  for (const q of queues) omitted[q.kind.name] = q.values.slice(q.next).map((v) => v.value);
  return { mappings, omitted, unmapped };
}
