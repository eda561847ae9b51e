/** A time window [start, end). */
export interface TimeWindow {
  readonly start: Date;
  readonly end: Date;
}

/** A query part that came back incomplete (PartialFailure), so the checkpoint must not move past it. */
export interface PartialQueryFailure {
  readonly window: TimeWindow;
  readonly code: string;
  readonly message: string;
}

/** What reading a window queried: the parts actually queried (more than one when a too-large answer was split) and the failed ones. */
export interface QueriedParts {
  readonly segments: readonly (TimeWindow & { rows: number })[];
  readonly partialFailures: readonly PartialQueryFailure[];
}
