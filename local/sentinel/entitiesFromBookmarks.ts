import { createHash } from 'node:crypto';
import { isBuiltInAccount } from '../../src/entities/accountKind.js';
import { ENTITY_KINDS } from '../../src/entities/entityKinds.js';
import type { StoredResource } from './SentinelStore.js';

interface FieldMapping {
  readonly identifier?: string;
  readonly value?: string;
}
interface EntityMapping {
  readonly entityType?: string;
  readonly fieldMappings?: readonly FieldMapping[];
}

/** An entity as `POST incidents/{id}/entities` returns it (kind discriminator, identifiers under properties). */
export interface EntityEnvelope {
  readonly id: string;
  readonly name: string;
  readonly type: 'Microsoft.SecurityInsights/Entities';
  readonly kind: string;
  readonly properties: Record<string, unknown>;
}

/**
 * Entity kind (as the entities API names it) and properties for one mapping. Hosts and accounts are resolved as the
 * hunt's entity kinds describe them (identifiers → entities API properties, friendly name from the naming identifier,
 * per https://learn.microsoft.com/rest/api/securityinsights/entities/get and the entities reference); IP by `Address`;
 * unknown types pass through by name.
 */
function entityOf(mapping: EntityMapping): { kind: string; properties: Record<string, unknown> } | undefined {
  const fields = new Map<string, string>();
  for (const f of mapping.fieldMappings ?? []) if (f.identifier && f.value !== undefined) fields.set(f.identifier.toLowerCase(), f.value);
  const type = (mapping.entityType ?? '').toLowerCase();
  if (type === 'ip') {
    const address = fields.get('address');
    return address === undefined ? undefined : { kind: 'Ip', properties: { address, friendlyName: address } };
  }
  const kind = ENTITY_KINDS.find((k) => k.entityType.toLowerCase() === type);
  if (kind !== undefined) {
    const value = kind.fromMapping(fields);
    if (value === undefined) return undefined;
    // An Account whose Name is a generic built-in account name is dropped from the incident
    // (https://learn.microsoft.com/azure/sentinel/entities-reference#account, the note under "Weak identifiers").
    if (kind.entityType === 'Account' && isBuiltInAccount(value)) return undefined;
    const properties: Record<string, unknown> = {};
    for (const id of kind.identifiers) if (value[id] !== undefined) properties[kind.properties[id]!] = value[id];
    return { kind: kind.entityType, properties: { ...properties, friendlyName: value[kind.identifiers[0]!] } };
  }
  if (fields.size === 0 || !mapping.entityType) return undefined;
  return { kind: mapping.entityType, properties: Object.fromEntries(fields) };
}

/**
 * Resolve the entities of an incident from its related bookmarks' entity mappings, as Sentinel does for incidents
 * built from bookmarks. The same entity mapped by several bookmarks appears once; ids are stable per entity.
 */
export function entitiesFromBookmarks(bookmarks: readonly StoredResource[], sentinelBase: string): { entities: EntityEnvelope[]; metaData: { count: number; entityKind: string }[] } {
  const byKey = new Map<string, EntityEnvelope>();
  for (const bookmark of bookmarks) {
    const mappings = bookmark.properties['entityMappings'];
    if (!Array.isArray(mappings)) continue;
    for (const mapping of mappings as EntityMapping[]) {
      const entity = entityOf(mapping);
      if (!entity) continue;
      const key = `${entity.kind}:${JSON.stringify(entity.properties)}`.toLowerCase();
      if (byKey.has(key)) continue;
      const hex = createHash('sha1').update(key).digest('hex');
      const name = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
      byKey.set(key, { id: `${sentinelBase}/entities/${name}`, name, type: 'Microsoft.SecurityInsights/Entities', ...entity });
    }
  }
  const entities = [...byKey.values()];
  const counts = new Map<string, number>();
  for (const e of entities) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
  return { entities, metaData: [...counts].map(([entityKind, count]) => ({ count, entityKind })) };
}
