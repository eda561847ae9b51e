import type { BookmarkEntityMappings } from '@azure/arm-securityinsight';

/**
 * One entity as its identifiers, named as Sentinel names them (`{ HostName: 'web01', DnsDomain: 'contoso.com' }`).
 * Only identifiers that are known are present; none is ever blank.
 */
export type EntityValue = Readonly<Record<string, string>>;

/**
 * Everything the hunt needs to know about one kind of entity seen with an IP (hosts, accounts, …). The registry
 * (`ENTITY_KINDS`) lists the kinds; aggregation, merging, novelty, state, bookmarks, descriptions and comments go
 * through it, so a kind, or an identifier of a kind, is described in its own file only.
 */
export interface EntityKind<Name extends string = string> {
  /** The field that lists this kind: in a finding's `entities`, the run summary and stored state ('hosts'). */
  readonly name: Name;
  /** Words for counts and sentences: 'host' / 'hosts' ("2 new hosts", "| Hosts (2) |"). */
  readonly singular: string;
  readonly plural: string;
  /**
   * Listed even without entities: in stored state, sighting ids, outcome details, descriptions and bookmark results. Hosts
   * and accounts always were; a kind added later is listed only where it has entities, so its arrival changes no stored
   * record, id or text of a finding without any.
   */
  readonly alwaysListed: boolean;
  /** The Sentinel entity type: bookmark entity mappings and the entities API kind ('Host'). */
  readonly entityType: string;
  /** Identifier names, the naming one first: it is also the entity's friendly name in Sentinel. */
  readonly identifiers: readonly string[];
  /** The entities API property for each identifier ('HostName' → 'hostName'). */
  readonly properties: Readonly<Record<string, string>>;
  /** The column that lists this kind in the seed/hunt query's summarized rows ('Hosts'); it marks a row as summarized. */
  readonly summaryColumn: string;
  /** The exclusion rule field that matches this kind's display text, when rules can name it. */
  readonly exclusionField?: 'host' | 'account';
  /** This kind's entities in one input row (raw SecurityEvent or summarized), in column order. */
  fromRow(row: Readonly<Record<string, unknown>>): EntityValue[];
  /** The entity a display text names (`CONTOSO\alice`), or undefined for blank text; `display` is its inverse. */
  parse(text: string): EntityValue | undefined;
  /** The text shown in summaries, descriptions, notes and comments. */
  display(value: EntityValue): string;
  /** Two entities with the same key are the same entity (Windows names compare case-insensitively). */
  sameKey(value: EntityValue): string;
  /**
   * The bookmark entity mapping that brings this entity to the incident, or undefined for an entity Sentinel would drop
   * (a built-in account): it is listed in the bookmark's notes instead, with `unmappedReason`.
   */
  toMapping(value: EntityValue): BookmarkEntityMappings | undefined;
  /** Why `toMapping` leaves some entities of this kind out, said in the notes ('built-in accounts, which Sentinel drops'). */
  readonly unmappedReason?: string;
  /** The entity a bookmark mapping describes, as Sentinel resolves it (identifier names lower-cased in `fields`). */
  fromMapping(fields: ReadonlyMap<string, string>): EntityValue | undefined;
}
