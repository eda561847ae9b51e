import type { EntityKind, EntityValue } from './entityKind.js';
import { ENTITY_KINDS, type EntityKindName, type EntityLists } from './entityKinds.js';
import { entitiesOf, identityOf, listedKinds } from './entityLists.js';
import { present } from './rowEntities.js';

/**
 * An entity as stored: its display text when that says everything (how state was always written: `"CONTOSO\\alice"`),
 * or its identifiers as an object when it knows more than the text shows.
 */
function encode(kind: EntityKind, value: EntityValue): unknown {
  const text = kind.display(value);
  const back = kind.parse(text);
  return back !== undefined && identityOf(kind, back) === identityOf(kind, value) ? text : { ...value };
}

function decode(kind: EntityKind, stored: unknown): EntityValue | undefined {
  if (typeof stored === 'string') return kind.parse(stored);
  if (stored === null || typeof stored !== 'object') return undefined;
  const fields = stored as Record<string, unknown>;
  const known = kind.identifiers.filter((id) => typeof fields[id] === 'string' && fields[id] !== '');
  return known.length === 0 ? undefined : Object.fromEntries(known.map((id) => [id, fields[id] as string]));
}

/** Each listed kind's entities as stored JSON fields (`{ hosts: [...], accounts: [...] }`), in registry order. */
export function encodeEntities(lists: EntityLists): Partial<Record<EntityKindName, unknown[]>> {
  return Object.fromEntries(listedKinds(lists).map((kind) => [kind.name, entitiesOf(lists, kind).map((v) => encode(kind, v))]));
}

/** The entities of a stored record (`encodeEntities`' shape); a missing field or unreadable item is no entity. */
export function decodeEntities(stored: Readonly<Record<string, unknown>>): EntityLists {
  return Object.fromEntries(
    ENTITY_KINDS.map((kind) => {
      const items = stored[kind.name];
      return [kind.name, Array.isArray(items) ? present(items.map((item) => decode(kind, item))) : []];
    }),
  );
}
