import { LogsQueryResultStatus, type LogsQueryClient, type LogsTable } from '@azure/monitor-query-logs';
import { QueryError, ServiceError, statusCodeOf } from '../errors.js';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';

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

export interface QueryWindowOptions {
  readonly client: Pick<LogsQueryClient, 'queryWorkspace'>;
  readonly workspaceId: string;
  readonly query: string;
  readonly window: TimeWindow;
  readonly serverTimeoutSeconds?: number;
  /** Bisection stops at this window length and reports the part as failed instead. */
  readonly minSplitMs: number;
  readonly logger?: Logger;
  readonly abortSignal?: AbortSignal;
}

/** Everything an error says about itself (code, message, nested details), for recognising the too-large case. */
function errorText(error: unknown, depth = 0): string {
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

function tableToRows(table: LogsTable | undefined): Record<string, unknown>[] {
  if (!table) return [];
  const names = table.columnDescriptors.map((c) => c.name ?? '');
  return table.rows.map((row) => {
    const obj: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) obj[names[i]!] = row[i];
    return obj;
  });
}

const iso = (d: Date): string => d.toISOString();

/**
 * Run one query over a window with LogsQueryClient. A result too large for the service is split in halves (bisection)
 * until every part fits; a PartialFailure is returned as a value so the caller can hold the checkpoint; other failures
 * throw ServiceError (or QueryError for a query the service rejected), naming the workspace and window.
 */
export async function queryWindow(options: QueryWindowOptions): Promise<QueryWindowResult> {
  const logger = options.logger ?? silentLogger;
  const rows: Record<string, unknown>[] = [];
  const segments: (TimeWindow & { rows: number })[] = [];
  const partialFailures: PartialQueryFailure[] = [];
  const target = `workspace ${options.workspaceId}`;

  const split = async (window: TimeWindow, why: string): Promise<void> => {
    const length = window.end.getTime() - window.start.getTime();
    if (length / 2 < options.minSplitMs) {
      partialFailures.push({
        window,
        code: 'ResultTooLarge',
        message: `result for ${iso(window.start)}/${iso(window.end)} is too large even at the minimum split window (${why})`,
      });
      return;
    }
    const mid = new Date(window.start.getTime() + Math.floor(length / 2));
    logger.warn(`Query result too large for ${iso(window.start)}/${iso(window.end)}; splitting at ${iso(mid)}`);
    await run({ start: window.start, end: mid });
    await run({ start: mid, end: window.end });
  };

  const run = async (window: TimeWindow): Promise<void> => {
    let result;
    try {
      result = await options.client.queryWorkspace(
        options.workspaceId,
        options.query,
        { startTime: window.start, endTime: window.end },
        { serverTimeoutInSeconds: options.serverTimeoutSeconds, abortSignal: options.abortSignal },
      );
    } catch (error) {
      if (isResultTooLarge(error)) return split(window, errorText(error));
      const status = statusCodeOf(error);
      const detail = errorText(error) || String(error);
      const message = `Log Analytics query on ${target} for ${iso(window.start)}/${iso(window.end)} failed${status ? ` (HTTP ${status})` : ''}: ${detail}`;
      if (status === 400) throw new QueryError(message, { code: 'BadArgumentError', cause: error });
      throw new ServiceError(message, { statusCode: status, cause: error });
    }
    switch (result.status) {
      case LogsQueryResultStatus.Success: {
        const part = tableToRows(result.tables[0]);
        rows.push(...part);
        segments.push({ ...window, rows: part.length });
        return;
      }
      case LogsQueryResultStatus.PartialFailure: {
        if (isResultTooLarge(result.partialError)) return split(window, errorText(result.partialError));
        const part = tableToRows(result.partialTables[0]);
        rows.push(...part);
        segments.push({ ...window, rows: part.length });
        partialFailures.push({ window, code: result.partialError.code ?? 'PartialError', message: errorText(result.partialError) });
        logger.warn(`Partial query failure for ${iso(window.start)}/${iso(window.end)}: ${result.partialError.code}`);
        return;
      }
      default: {
        const never: never = result;
        throw new ServiceError(`Log Analytics query on ${target}: unexpected result status ${String((never as { status: unknown }).status)}`);
      }
    }
  };

  await run(options.window);
  return { rows, segments, partialFailures };
}
