import type { EntityKindName } from '../entities/entityKinds.js';
import type { AddressEncoding, RowError } from '../findings/finding.js';
import type { WindowSource } from './planWindow.js';

/** What a run reports: the HTTP trigger returns it, the timer logs it, `GET /api/hunt/status` shows the last one. */
export interface HuntSummary {
  readonly runId: string;
  readonly trigger: 'timer' | 'http' | 'cli';
  readonly dryRun: boolean;
  readonly queryMode: 'hunt' | 'seed';
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly window: { readonly start: string; readonly end: string; readonly source: WindowSource; readonly truncated: boolean };
  readonly checkpoint: { readonly previous: string | null; readonly next: string | null; readonly advanced: boolean; readonly note?: string };
  readonly query: {
    readonly segments: readonly { start: string; end: string; rows: number }[];
    readonly partialFailures: readonly { start: string; end: string; code: string; message: string }[];
    /** Sources (HUNT_SOURCES) read, and those skipped because the workspace has none of their tables. */
    readonly sources: { readonly hunted: readonly string[]; readonly skipped: readonly string[]; readonly missingTables: readonly string[] };
  };
  /** Rows the query returned. */
  readonly rows: number;
  /** Rows whose command line held at least one address. */
  readonly candidateLines: number;
  /** Distinct external IPs after exclusions (this run's plus those carried over). */
  readonly externalIps: number;
  readonly newIps: readonly string[];
  readonly resightedIps: readonly string[];
  /** IPs carried over from an earlier run (failed or over the cap) and retried in this one. */
  readonly carriedOverIps: readonly string[];
  readonly excluded: readonly { ip: string; reason: string; rule: string; eventCount: number }[];
  readonly expiredExclusions: readonly { rule: string; expires: string; reason?: string }[];
  /** Exclusion watchlist items that could not be used (not an address, expired), each naming the item. */
  readonly exclusionProblems: readonly string[];
  readonly rowErrors: readonly RowError[];
  readonly findings: readonly FindingSummary[];
  readonly incidents: readonly IncidentSummary[];
  /** IPs over the per-run incident cap, carried to the next run. */
  readonly deferredIps: readonly string[];
  readonly failures: readonly { readonly ip?: string; readonly stage: 'query' | 'publish'; readonly error: string }[];
  readonly durationsMs: { readonly query: number; readonly exclusions: number; readonly detect: number; readonly state: number; readonly publish: number; readonly total: number };
  /** The run stopped at HUNT_TIME_BUDGET: it started no new part of its window (or no publish); the next run resumes. */
  readonly budgetExhausted: boolean;
  /**
   * Parts of the window skipped in this run: each failed the same way in HUNT_MAX_SEGMENT_ATTEMPTS runs, so the checkpoint
   * moved past it. Also logged at error level and kept in state; POST /api/hunt with that window replays it.
   */
  readonly skippedSegments: readonly { readonly start: string; readonly end: string; readonly attempts: number; readonly error: string }[];
  /** What is left for later runs: the part of the window not read (when the budget ran out), and the pending IPs. */
  readonly remaining: { readonly window: { readonly start: string; readonly end: string } | null; readonly pendingIps: number };
  /** Dry runs only: the exact Sentinel payloads that would have been sent. */
  readonly payloads?: readonly { ip: string; payloads: unknown }[];
  /** The evidence lookup, when it ran: queries sent, tables skipped, problems, and per-IP counts. */
  readonly evidence?: EvidenceSummary;
}

/** A finding as reported: its entities as display texts by kind (`hosts`, `accounts`, …). */
export type FindingSummary = FindingFields & Readonly<Record<EntityKindName, readonly string[]>>;

interface FindingFields {
  readonly ip: string;
  readonly processes: readonly string[];
  /** The hunted sources the IP was seen in, when the query says (see Finding.sources). */
  readonly sources?: readonly string[];
  readonly encodings: readonly AddressEncoding[];
  readonly eventCount: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly commandLines: readonly string[];
  readonly commandLinesOmitted: number;
}

export interface IncidentSummary {
  readonly ip: string;
  readonly incidentId: string | null;
  readonly incidentNumber?: number;
  readonly action: 'created' | 'updated' | 'unchanged' | 'failed' | 'deferred';
  /** For people; may change wording. */
  readonly detail?: string;
  /** For code: `nothing-new` marks a re-sighted IP with nothing new since its last report, for which no call was made. */
  readonly reason?: 'nothing-new';
}

export interface EvidenceSummary {
  readonly roundTrips: number;
  readonly ms: number;
  /** Evidence tables (or parsers) the workspace does not have. */
  readonly skippedSources: readonly string[];
  /** Failed evidence queries (their IPs were published without evidence) and unusable rows. */
  readonly problems: readonly string[];
  readonly ips: readonly {
    readonly ip: string;
    readonly status: 'found' | 'unavailable';
    readonly labels: readonly string[];
    readonly allowed: number;
    readonly blocked: number;
    readonly failed: number;
    readonly indicators: number;
    readonly validIndicators: number;
  }[];
}
