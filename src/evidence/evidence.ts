/**
 * Plain data of the evidence behind a finding: connections to its address and threat-intelligence indicators naming it.
 * No behaviour here.
 */

/**
 * What a connection record says happened: `allowed` (a host reached the address, or a device let it through),
 * `blocked` (a firewall or proxy denied it), `failed` (tried and did not connect: failed or only attempted).
 */
export type ConnectionOutcome = 'allowed' | 'blocked' | 'failed';

/** Connections to one address from one source table with one outcome, within the evidence window. */
export interface ConnectionEvidence {
  /** The table (or parser) the records came from, e.g. `DeviceNetworkEvents`. */
  readonly source: string;
  readonly outcome: ConnectionOutcome;
  readonly count: number;
  readonly first: Date;
  readonly last: Date;
  /** Hosts (device names, source hosts or source addresses) that made the connections; a sample. */
  readonly hosts: readonly string[];
  readonly ports: readonly number[];
  /** Initiating processes, where the source records them; a sample. */
  readonly processes: readonly string[];
}

/** One threat-intelligence indicator naming the address, as its latest record says. */
export interface IndicatorEvidence {
  /** `ThreatIntelIndicators` or the legacy `ThreatIntelligenceIndicator`. */
  readonly source: string;
  readonly id: string;
  /** 0–100, or null when the indicator has none. */
  readonly confidence: number | null;
  readonly validFrom: Date | null;
  readonly validUntil: Date | null;
  readonly active: boolean;
  readonly revoked: boolean;
  readonly deleted: boolean;
  /** Name and description, as the indicator gives them. */
  readonly description: string;
}

/** Everything found for one address. */
export interface IpEvidence {
  readonly ip: string;
  readonly connections: readonly ConnectionEvidence[];
  readonly indicators: readonly IndicatorEvidence[];
}

/** The labels evidence puts on an incident. */
export type EvidenceLabel = 'contacted' | 'blocked' | 'ti-match';

/** What the evidence establishes for a finding, by the thresholds of the severity policy. */
export interface EvidenceFacts {
  /** Allowed connections (at least the threshold): a host reached the address. */
  readonly contacted: boolean;
  /** Blocked connections: shown, never raising. */
  readonly blocked: boolean;
  /** An indicator valid at the time of the sighting, neither revoked nor deleted, confident enough. */
  readonly tiMatch: boolean;
  readonly labels: readonly EvidenceLabel[];
}

/**
 * The evidence of one finding as the planners read it: `found` (the lookup ran; `evidence` may be empty) or
 * `unavailable` (the lookup failed: the incident says so and a later run adds it).
 */
export type EvidenceReport =
  | {
      readonly status: 'found';
      readonly evidence: IpEvidence;
      readonly facts: EvidenceFacts;
      /** Indicators that count (see EvidenceFacts.tiMatch), by id. */
      readonly validIndicatorIds: readonly string[];
      /** The evidence queries for this address, ready to run in the portal. */
      readonly queries: readonly string[];
      /** Evidence sources whose tables the workspace does not have. */
      readonly skippedSources: readonly string[];
    }
  | { readonly status: 'unavailable'; readonly error: string; readonly queries: readonly string[] };
