import type { EntityKindName, EntityLists } from '../entities/entityKinds.js';

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
  /**
   * For encoded-command hits: the base64 characters of the command line that encode `raw` (through every level of
   * nesting), those wholly determined by it; a search for them finds the payload without decoding it.
   */
  readonly encodedText?: string;
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
  /**
   * How the address was written in the command lines, as the investigation query matches it (see RawFormSet.ts): a few
   * distinct forms; `rawFormsOmitted` counts the rest. Absent in findings stored by earlier versions (the forms are then
   * read again from `commandLines`).
   */
  readonly rawForms?: readonly RawForm[];
  readonly rawFormsOmitted?: number;
  /** A few of the events behind the finding, one per distinct command line, for the bookmark's query result. */
  readonly samples?: readonly SampleEvent[];
}

/** A substring of a command line that shows the address (see RawFormSet.ts). */
export interface RawForm {
  /**
   * The address as written (`45.9.148.3`, `0x2d.9.0224.3`, `%34%35.9.148.3`, `[2a05:d014::1]`'s `2a05:d014::1`), or for
   * an address inside an encoded command, the base64 characters that encode it.
   */
  readonly text: string;
  /** True for base64 text: matched as written, anywhere; address text is matched in any case, as a whole token. */
  readonly encoded: boolean;
}

/** One event (or, for summarized rows, one group of events with the same command line) behind a finding. */
export interface SampleEvent {
  readonly time: Date;
  /** The display text of the first entity of each kind the event was seen with (`hosts`, `accounts`). */
  readonly entities: Readonly<Partial<Record<EntityKindName, string>>>;
  readonly process?: string;
  readonly source?: string;
  /** Truncated (see SAMPLE_LIMITS in aggregateFindings.ts). */
  readonly commandLine: string;
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
