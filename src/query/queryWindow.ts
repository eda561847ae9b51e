import { querySegments, type QuerySegmentsOptions } from './querySegments.js';

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

export interface QueryWindowResult {
  /** Rows of the primary table as objects keyed by column name (datetime cells are Dates, dynamic cells parsed). */
  readonly rows: Record<string, unknown>[];
  /** The windows actually queried: one, or more when a too-large result was split. */
  readonly segments: readonly (TimeWindow & { rows: number })[];
  readonly partialFailures: readonly PartialQueryFailure[];
}

/** The same options as {@link querySegments}. */
export type QueryWindowOptions = QuerySegmentsOptions;

/** Everything an error says about itself (code, message, nested details), for recognising the too-large case. */
export function errorText(error: unknown, depth = 0): string {
  if (depth > 5 || error === null || typeof error !== 'object') return typeof error === 'string' ? error : '';
  const e = error as Record<string, unknown>;
  const parts = [e['code'], e['message']].filter((v) => typeof v === 'string') as string[];
  for (const key of ['details', 'innererror', 'innerError', 'error']) {
    const inner = e[key];
    if (Array.isArray(inner)) for (const d of inner) parts.push(errorText(d, depth + 1));
    else if (inner) parts.push(errorText(inner, depth + 1));
  }
  return parts.join(' ');
}

/**
 * True when the service refused or truncated a result for its size (500,000 rows or about 64 MB).
 * NOTE: the service reports this as a partial error on a 200 (E_QUERY_RESULT_SET_TOO_LARGE / "exceeded the limit"),
 * while some gateways answer 4xx; both shapes are recognised by code and message.
 */
export function isResultTooLarge(error: unknown): boolean {
  return /E_QUERY_RESULT_SET_TOO_LARGE|ResultTooLarge|result set (is )?too large|too large|exceed(s|ed)? .*(limit|size)|truncat/i.test(
    errorText(error),
  );
}

/**
 * Run a whole window and collect every part's rows (for callers that need them all at once, e.g. the `query` command);
 * the hunt itself reads part by part with {@link querySegments} so that it holds one part at a time.
 */
export async function queryWindow(options: QueryWindowOptions): Promise<QueryWindowResult> {
  const rows: Record<string, unknown>[] = [];
  const segments: (TimeWindow & { rows: number })[] = [];
  const partialFailures: PartialQueryFailure[] = [];
  for await (const segment of querySegments(options)) {
    // One row at a time: spreading a 500,000-row part into push() overflows the call stack.
    for (const row of segment.rows) rows.push(row);
    if (segment.partialFailure) partialFailures.push(segment.partialFailure);
    if (segment.partialFailure?.code !== 'ResultTooLarge') segments.push({ ...segment.window, rows: segment.rowCount });
  }
  return { rows, segments, partialFailures };
}
