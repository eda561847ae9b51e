import type { EntityLists } from '../entities/entityKinds.js';

/**
 * Plain data shared by the core, the publisher and the hunt. No behaviour here.
 */

/** How an address was written in the command line. */
export type AddressEncoding = 'dotted' | 'decimal' | 'hex' | 'octal' | 'ipv6' | 'encoded-command';

/** Classification of an address; only `external` (globally routable) becomes a finding. */
export type AddressKind =
  | 'external'
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'cgnat'
  | 'multicast'
  | 'broadcast'
  | 'unspecified'
  | 'benchmarking'
  | 'documentation'
  | 'reserved'
  | 'unique-local'
  | 'special-purpose';

/** One address literal found in one command line. */
export interface FoundAddress {
  /** Normalized text: dotted quad for IPv4 (also for IPv4-mapped IPv6), RFC 5952 form for IPv6. */
  readonly address: string;
  /** The text as written (for encoded-command hits: as written inside the decoded payload). */
  readonly raw: string;
  /** UTF-16 offset of `raw` in the command line (for encoded-command hits: offset of the encoded payload). */
  readonly offset: number;
  readonly encoding: AddressEncoding;
  readonly kind: AddressKind;
}

/**
 * One input row for aggregation, as the query returned it (column name → value): a raw SecurityEvent row or a row in
 * the seed's or our hunt query's output shape. readEventRow reads it and says which columns count.
 */
export type EventRow = Readonly<Record<string, unknown>>;

/** One external IP and everything seen with it in the window. */
export interface Finding {
  /** Normalized address (see FoundAddress.address). */
  readonly ip: string;
  readonly version: 4 | 6;
  /** Hosts, accounts, … seen with the IP, each kind sorted by display text (see src/entities). */
  readonly entities: EntityLists;
  readonly processes: readonly string[];
  /** The hunted sources the IP was seen in (`HuntSource` of the hunting query's rows: securityevent, defender, sysmon,
   * asim), sorted; absent for rows without that column (the seed query, raw rows). */
  readonly sources?: readonly string[];
  /** Distinct command lines, capped; `commandLinesOmitted` counts the rest. */
  readonly commandLines: readonly string[];
  readonly commandLinesOmitted: number;
  readonly encodings: readonly AddressEncoding[];
  readonly firstSeen: Date;
  readonly lastSeen: Date;
  readonly eventCount: number;
}

/** An address (or one sighting of it) removed by an exclusion, with the rule's reason. */
export interface Exclusion {
  readonly ip: string;
  readonly reason: string;
  /** The rule as written in configuration, e.g. `EXCLUDED_CIDRS 10.0.0.0/8` or `EXCLUSION_RULES[2]`. */
  readonly rule: string;
  readonly eventCount: number;
}

/** A row that could not be used, reported instead of silently dropped. */
export interface RowError {
  readonly index: number;
  readonly message: string;
}
