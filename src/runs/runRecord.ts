/** Where a queued on-demand run is: queued (also while it waits for the run lock), running, or done either way. */
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** Why a run failed: the error code the HTTP API uses for it (`BadRequest`, `ServiceFailed`, …) and its message. */
export interface RunFailure {
  readonly code: string;
  readonly message: string;
  /** The HTTP status a synchronous request would have been answered with. */
  readonly status: number;
}

/** One requested run of `POST /api/hunt`, as the state table keeps it. */
export interface RunRecord {
  readonly runId: string;
  readonly status: RunStatus;
  /** The request body as validated, keys sorted (also what an idempotent retry is compared with). */
  readonly request: string;
  /** Whether the request is a dry run (dry runs are counted against HUNT_MAX_CONCURRENT_DRY_RUNS). */
  readonly dryRun: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly startedAt?: Date;
  readonly finishedAt?: Date;
  /** Deliveries of its queue messages that ran (or tried to run) the hunt. */
  readonly attempts: number;
  /** The queue message that holds the run while it is running (a redelivery of the same message may take it over). */
  readonly claimedBy?: string;
  /** Why the run is still queued: waiting for the lock, or retrying after a failure. */
  readonly note?: string;
  readonly failure?: RunFailure;
}

/** A stored record with its version, for conditional updates. */
export interface VersionedRunRecord {
  readonly record: RunRecord;
  readonly etag: string;
}

/** Durable run records (the state table's `runs` partition); summaries are stored beside them. */
export interface RunStore {
  /** Create the record, or return the one that already has its runId (nothing is written then). */
  create(record: RunRecord): Promise<{ created: true } | { created: false; existing: RunRecord }>;
  get(runId: string): Promise<VersionedRunRecord | undefined>;
  /** Replace the record if it is still at `etag`; false when someone else changed it first. */
  update(record: RunRecord, etag: string): Promise<boolean>;
  delete(runId: string): Promise<void>;
  getSummary(runId: string): Promise<unknown | undefined>;
  putSummary(runId: string, summary: unknown): Promise<void>;
  /** Records not yet succeeded or failed and created after `since`, dry runs only when asked. */
  countActive(options: { since: Date; dryRunOnly: boolean }): Promise<number>;
  /** Delete records (and their summaries) created before `before`, at most `limit`; returns how many. */
  prune(before: Date, limit: number): Promise<number>;
}
