import { accountKind } from './accountKind.js';
import type { EntityValue } from './entityKind.js';
import { hostKind } from './hostKind.js';

/**
 * Every kind of entity a finding carries, in the order they are listed everywhere (summary fields, description rows,
 * comment lines, entity mappings taken in turn). A new kind is one file added here.
 */
export const ENTITY_KINDS = [hostKind, accountKind] as const;

export type EntityKindName = (typeof ENTITY_KINDS)[number]['name'];

/** A finding's entities by kind; a kind with none may be absent. Each list holds distinct entities in first-seen or sorted order. */
export type EntityLists = Readonly<Partial<Record<EntityKindName, readonly EntityValue[]>>>;
