import type { AggregateResult } from '../findings/aggregateFindings.js';
import type { EventRow, Exclusion, Finding, RowError } from '../findings/finding.js';
import { silentLogger, type Logger } from '../logger.js';
import type { QueriedSegment } from '../query/querySegments.js';
import type { PartialQueryFailure, TimeWindow } from '../query/timeWindow.js';
import type { PendingFinding, SkippedSegment, StateStore } from '../state/stateStore.js';
import { mergeFindings } from './mergeFindings.js';
import { mergeIntoPending } from './mergeIntoPending.js';

/** Where a scheduled, non-dry run records each part as it completes. */
export interface DurableProgress {
  readonly state: Pick<StateStore, 'putPending' | 'setCheckpoint' | 'putSkipped'>;
  /** The pending findings state holds, by IP; each part's findings are merged in and written back. */
  readonly pending: Map<string, PendingFinding>;
  /** Where earlier runs held the checkpoint at a part they could not read, and how many runs tried it. */
  readonly held: { readonly at: Date; readonly attempts: number } | undefined;
  /** A part failing in this many runs is skipped (HUNT_MAX_SEGMENT_ATTEMPTS). */
  readonly maxAttempts: number;
  readonly now: Date;
}

export interface ReadSegmentsInput {
  /** The window's parts, oldest first (querySegments); the next part is queried only when asked for. */
  readonly segments: AsyncIterable<QueriedSegment>;
  /** Rows of one part to findings (detection, exclusions, aggregation). */
  readonly aggregate: (rows: Iterable<EventRow>) => AggregateResult;
  readonly maxCommandLines: number;
  /** Absent for explicit windows and dry runs: their findings stay in memory. */
  readonly durable?: DurableProgress;
  /** True once the run's time budget is spent: no new part is queried. */
  readonly overBudget: () => boolean;
  readonly logger?: Logger;
}

/** What a run read, part by part. */
export interface SegmentsRead {
  readonly segments: (TimeWindow & { rows: number })[];
  readonly partialFailures: PartialQueryFailure[];
  /** Tables of the query's fuzzy union legs the workspace does not have, sorted (a warning, not a partial failure). */
  readonly unresolvedTables: string[];
  /** This run's findings, merged over its parts, one per IP. */
  readonly findings: Finding[];
  readonly rows: number;
  readonly candidateLines: number;
  readonly excluded: Exclusion[];
  readonly rowErrors: RowError[];
  /** The end of the last part read; for a durable run, recorded too (its findings pending, the checkpoint moved there). */
  readonly readThrough: Date | undefined;
  /** Durable runs: the start of the part the query could not read completely; the run stopped there. */
  readonly heldAt: Date | undefined;
  /** Durable runs: how many runs (this one included) have now failed on the part at `heldAt`. */
  readonly heldAttempts: number;
  /** Durable runs: parts skipped in this run after failing in HUNT_MAX_SEGMENT_ATTEMPTS runs. */
  readonly skipped: SkippedSegment[];
  readonly budgetExhausted: boolean;
}

const iso = (d: Date): string => d.toISOString();

/**
 * Read a window part by part: each part's rows become findings and are let go before the next part is queried, so a
 * run holds one part's rows at a time. A durable run then records the part — its findings merged into pending, the
 * checkpoint moved to its end — before it queries the next, so a run killed at any instant loses nothing (a part is
 * either recorded or queried again) and duplicates nothing. A durable run stops at a part the query could not read
 * completely (the checkpoint stays at its start) unless that part has failed in HUNT_MAX_SEGMENT_ATTEMPTS runs, when it
 * records the part as skipped and goes on; like every run, it stops before a part it has no time budget left for.
 */
export async function readSegments(input: ReadSegmentsInput): Promise<SegmentsRead> {
  const logger = input.logger ?? silentLogger;
  const read = {
    segments: [] as (TimeWindow & { rows: number })[],
    partialFailures: [] as PartialQueryFailure[],
    unresolvedTables: [] as string[],
    rows: 0,
    candidateLines: 0,
    rowErrors: [] as RowError[],
    readThrough: undefined as Date | undefined,
    heldAt: undefined as Date | undefined,
    heldAttempts: 0,
    skipped: [] as SkippedSegment[],
    budgetExhausted: false,
  };
  const found = new Map<string, Finding>();
  const excluded = new Map<string, Exclusion>();
  const iterator = input.segments[Symbol.asyncIterator]();
  try {
    for (;;) {
      if (input.overBudget()) {
        read.budgetExhausted = true;
        break;
      }
      const next = await iterator.next();
      if (next.done) break;
      const segment = next.value;
      if (segment.partialFailure && input.durable) {
        read.partialFailures.push(segment.partialFailure);
        const { held, maxAttempts, now } = input.durable;
        const attempts = held?.at.getTime() === segment.window.start.getTime() ? held.attempts + 1 : 1;
        if (attempts < maxAttempts) {
          // Its rows are not recorded: the next run reads the whole part again, and counting them twice would inflate counts.
          read.heldAt = segment.window.start;
          read.heldAttempts = attempts;
          break;
        }
        // It failed the same way in every run that tried it: record it as skipped (an explicit window replays it), keep
        // what the service did return, and move on rather than hold the checkpoint forever.
        const { code, message } = segment.partialFailure;
        const skipped = { start: segment.window.start, end: segment.window.end, attempts, error: `${code}: ${message}`, skippedAt: now };
        await input.durable.state.putSkipped(skipped);
        read.skipped.push(skipped);
        logger.error(`Skipped ${iso(skipped.start)}/${iso(skipped.end)} after ${attempts} failed attempt(s): ${skipped.error}`);
      }
      const detected = input.aggregate(segment.rows);
      read.segments.push({ ...segment.window, rows: segment.rowCount });
      for (const table of segment.unresolvedTables ?? []) if (!read.unresolvedTables.includes(table)) read.unresolvedTables.push(table);
      if (segment.partialFailure && !input.durable) read.partialFailures.push(segment.partialFailure);
      for (const rowError of detected.rowErrors) read.rowErrors.push({ index: read.rows + rowError.index, message: rowError.message });
      read.rows += detected.rows;
      read.candidateLines += detected.candidateLines;
      for (const e of detected.excluded) {
        const key = `${e.ip}\u0000${e.rule}`;
        const known = excluded.get(key);
        excluded.set(key, known ? { ...known, eventCount: known.eventCount + e.eventCount } : e);
      }
      for (const f of detected.findings) {
        const known = found.get(f.ip);
        found.set(f.ip, known ? mergeFindings(known, f, input.maxCommandLines) : f);
      }
      if (input.durable) {
        const { pending, state } = input.durable;
        const changed = detected.findings.map((f) => {
          const merged = mergeIntoPending(pending.get(f.ip), f, segment.window.start, input.maxCommandLines);
          pending.set(f.ip, merged);
          return merged;
        });
        // Findings first, checkpoint last: a run killed between the two reads the part again, and each finding it wrote
        // remembers that part, so merging it again replaces the part's counts instead of adding them twice.
        if (changed.length > 0) await state.putPending(changed);
        await state.setCheckpoint(segment.window.end);
      }
      read.readThrough = segment.window.end;
      logger.info(`Read ${iso(segment.window.start)}/${iso(segment.window.end)}: ${detected.rows} row(s), ${detected.findings.length} external IP(s)`);
    }
  } finally {
    await iterator.return?.();
  }
  // Array.from, not push(...): there may be hundreds of thousands of IPs.
  const exclusions = Array.from(excluded.values()).sort((a, b) => b.eventCount - a.eventCount || (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
  return { ...read, unresolvedTables: read.unresolvedTables.sort(), findings: Array.from(found.values()), excluded: exclusions };
}
