import type { EntityKind, EntityValue } from './entityKind.js';
import { ENTITY_KINDS, type EntityKindName, type EntityLists } from './entityKinds.js';
import { present } from './rowEntities.js';

type Kind = (typeof ENTITY_KINDS)[number];

/** The entities of one kind (none when the kind is absent). */
export function entitiesOf(lists: EntityLists, kind: Kind): readonly EntityValue[] {
  return lists[kind.name] ?? [];
}

/** The kinds to list for these entities: those always listed, and any other that has entities. */
export function listedKinds(lists: EntityLists): Kind[] {
  return ENTITY_KINDS.filter((kind) => kind.alwaysListed || entitiesOf(lists, kind).length > 0);
}

/** How many entities of all kinds. */
export function entityCount(lists: EntityLists): number {
  return ENTITY_KINDS.reduce((sum, kind) => sum + entitiesOf(lists, kind).length, 0);
}

/** Exact identity: the same identifiers with the same values (case counts; compare with `sameKey` for sameness). */
export function identityOf(kind: EntityKind, value: EntityValue): string {
  let identity = '';
  for (const id of kind.identifiers) identity += `${value[id] ?? ''}\u0000`;
  return identity;
}

/** Each kind's list rebuilt by `change`. */
export function mapEntityLists(lists: EntityLists, change: (values: readonly EntityValue[], kind: Kind) => readonly EntityValue[]): EntityLists {
  return Object.fromEntries(ENTITY_KINDS.map((kind) => [kind.name, change(entitiesOf(lists, kind), kind)]));
}

/** Both lists' entities, each once (exact identity), in first-seen order. */
export function unionEntities(a: EntityLists, b: EntityLists): EntityLists {
  return mapEntityLists(a, (values, kind) => {
    const byIdentity = new Map<string, EntityValue>();
    for (const value of [...values, ...entitiesOf(b, kind)]) if (!byIdentity.has(identityOf(kind, value))) byIdentity.set(identityOf(kind, value), value);
    return [...byIdentity.values()];
  });
}

/** The entities of `found` that `known` does not have, compared by each kind's `sameKey` (Windows names: any case). */
export function newEntities(found: EntityLists, known: EntityLists): EntityLists {
  return mapEntityLists(found, (values, kind) => {
    const keys = new Set(entitiesOf(known, kind).map((v) => kind.sameKey(v)));
    return values.filter((v) => !keys.has(kind.sameKey(v)));
  });
}

/** How many distinct entities of one kind two lists hold together, compared by `sameKey` (e.g. hosts seen so far). */
export function distinctCount(kind: Kind, ...lists: EntityLists[]): number {
  return new Set(lists.flatMap((l) => entitiesOf(l, kind).map((v) => kind.sameKey(v)))).size;
}

/** The display texts of every kind, by kind name, in registry order: the run summary's `hosts`, `accounts`, … */
export function displayEntities(lists: EntityLists): Record<EntityKindName, string[]> {
  return Object.fromEntries(ENTITY_KINDS.map((kind) => [kind.name, entitiesOf(lists, kind).map((v) => kind.display(v))])) as Record<
    EntityKindName,
    string[]
  >;
}

/** Entities from display texts by kind name (`{ hosts: ['web01.contoso.com'] }`); blank texts are dropped. */
export function entitiesFromText(texts: Partial<Record<EntityKindName, readonly string[]>>): EntityLists {
  return Object.fromEntries(
    ENTITY_KINDS.map((kind) => [kind.name, present((texts[kind.name] ?? []).map((text) => kind.parse(text)))]),
  );
}

/** "hosts, accounts and command lines": the kinds' plurals, then `last`. */
export function kindsAnd(last: string): string {
  return `${ENTITY_KINDS.map((kind) => kind.plural).join(', ')} and ${last}`;
}

/** `hosts` → `Hosts`: the name as a column heading or result key. */
export function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
