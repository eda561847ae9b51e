import type { EntityLists } from '../entities/entityKinds.js';
import type { Finding } from '../findings/finding.js';

/** What the hunt remembers of an IP it reported: state keeps it, novelty and the publisher compare findings with it. */
export interface SeenRecord {
  readonly ip: string;
  readonly incidentId: string;
  readonly incidentNumber?: number;
  /** 1 for the first incident raised for an IP; +1 each time a closed incident is superseded by a new one. */
  readonly generation: number;
  /** The entities reported so far (the newest, when there were very many). */
  readonly entities: EntityLists;
  readonly commandLines: readonly string[];
  readonly firstReported: Date;
  readonly lastReported: Date;
  readonly lastSeen: Date;
  /**
   * Present while the incident says its evidence was not available (the lookup failed when it was written): since when,
   * and how many lookups have failed so far (0: an interrupted run's incident, whose evidence is unknown). The IP stays
   * pending and later runs retry the lookup, at most EVIDENCE_RETRY_RUNS of them.
   */
  readonly evidenceMissing?: EvidenceMissing;
}

/** See SeenRecord.evidenceMissing. */
export interface EvidenceMissing {
  readonly since: Date;
  readonly attempts: number;
}

/**
 * What merging one part of the window into a pending finding added to its counters. A run killed after writing a part's
 * pending findings but before moving the checkpoint reads that part again; the part then starts where the last merge
 * did, and merging it replaces what the first merge added instead of adding it twice.
 */
export interface PartMerge {
  /** Where the merged part starts. */
  readonly start: Date;
  readonly eventCount: number;
  readonly commandLinesOmitted: number;
  /** Absent in records written before findings counted omitted raw forms. */
  readonly rawFormsOmitted?: number;
}

/** A finding waiting in state to be published, with the last part merged into it (absent in records of earlier versions). */
export interface PendingFinding extends Finding {
  readonly lastMerge?: PartMerge;
}

/** Where the scheduled hunt stands beyond its checkpoint. */
export interface HuntProgress {
  /** Where the first window starts, fixed by the first run so that it does not slide while no checkpoint exists. */
  readonly firstWindowStart?: Date;
  /** The part the query could not read completely, where the checkpoint is held, and how many runs tried it. */
  readonly held?: { readonly at: Date; readonly attempts: number; readonly error: string };
}

/** A part of the window skipped after it failed the same way run after run; an explicit window replays it. */
export interface SkippedSegment {
  readonly start: Date;
  readonly end: Date;
  readonly attempts: number;
  readonly error: string;
  readonly skippedAt: Date;
}

/** A held run lock; renew it while working, release it when the run ends (it also expires by itself). */
export interface RunLease {
  readonly holder: string;
  /** When the lock expires unless renewed. */
  readonly expiresAt: Date;
  /** Extend the lock by its duration from `now`; throws RunInProgressError when another run has taken it meanwhile. */
  renew(now: Date): Promise<void>;
  release(): Promise<void>;
}

/**
 * Durable hunt state: seen IPs, findings waiting to be published (failed or over the per-run cap),
 * the checkpoint, the last run's summary, and the run lock.
 */
export interface StateStore {
  getCheckpoint(): Promise<Date | undefined>;
  setCheckpoint(end: Date): Promise<void>;
  getSeen(ips: readonly string[]): Promise<Map<string, SeenRecord>>;
  putSeen(records: readonly SeenRecord[]): Promise<void>;
  getPending(): Promise<PendingFinding[]>;
  putPending(findings: readonly PendingFinding[]): Promise<void>;
  deletePending(ips: readonly string[]): Promise<void>;
  /** IPs a run started to publish as new and has not recorded yet; left behind only by an interrupted run. */
  getInFlight(): Promise<Set<string>>;
  putInFlight(ips: readonly string[]): Promise<void>;
  deleteInFlight(ips: readonly string[]): Promise<void>;
  getProgress(): Promise<HuntProgress>;
  putProgress(progress: HuntProgress): Promise<void>;
  /** Skipped parts of the window, oldest first. */
  getSkipped(): Promise<SkippedSegment[]>;
  putSkipped(segment: SkippedSegment): Promise<void>;
  deleteSkipped(starts: readonly Date[]): Promise<void>;
  getLastSummary(): Promise<unknown | undefined>;
  putLastSummary(summary: unknown): Promise<void>;
  /** Take the run lock or throw RunInProgressError naming the holder. */
  acquireLease(holder: string, durationMs: number, now: Date): Promise<RunLease>;
}
