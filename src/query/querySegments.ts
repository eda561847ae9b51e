import { LogsQueryResultStatus, type LogsQueryClient, type LogsTable } from '@azure/monitor-query-logs';
import { permissionDenied, QueryError, ServiceError, statusCodeOf } from '../errors.js';
import { QUERY_NEEDS } from '../requiredPermissions.js';
import type { EventRow } from '../findings/finding.js';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import { errorText, isResultTooLarge } from './isResultTooLarge.js';
import type { PartialQueryFailure, TimeWindow } from './timeWindow.js';
import { unresolvedTablesOnly } from './unresolvedTables.js';
import { describeMs, withDeadline } from '../withDeadline.js';

/** One part of a window, read with one query, oldest first. */
export interface QueriedSegment {
  readonly window: TimeWindow;
  /** How many rows the service returned for this part. */
  readonly rowCount: number;
  /**
   * The rows as objects keyed by column name, made one at a time as they are iterated (datetime cells are Dates,
   * dynamic cells parsed): a 500,000-row answer is never copied whole.
   */
  readonly rows: Iterable<EventRow>;
  /** Set when the part came back incomplete: the rows are what the service returned, and the caller must not move past it. */
  readonly partialFailure?: PartialQueryFailure;
  /** Tables of fuzzy union legs the workspace does not have: reported as a warning, which is no partial failure. */
  readonly unresolvedTables?: readonly string[];
}

export interface QuerySegmentsOptions {
  readonly client: Pick<LogsQueryClient, 'queryWorkspace'>;
  readonly workspaceId: string;
  readonly query: string;
  readonly window: TimeWindow;
  readonly serverTimeoutSeconds?: number;
  /** Bisection stops at this window length and reports the part as failed instead. */
  readonly minSplitMs: number;
  /**
   * Client-side limit on one query, in ms. NOTE: monitor-query-logs 1.0.0 does not pass `abortSignal` on to the request,
   * so the call is raced against this timer (the service stops the query itself after `serverTimeoutSeconds`).
   */
  readonly callTimeoutMs?: number;
  /** Tables the query reads through `union isfuzzy=true` legs (README "Process-creation sources"). */
  readonly fuzzyTables?: readonly string[];
  readonly logger?: Logger;
}

/** Rows of a table as objects, made lazily: the table's cell arrays are the only copy held. */
export function* tableRows(table: LogsTable | undefined): Generator<EventRow> {
  if (!table) return;
  const names = table.columnDescriptors.map((c) => c.name ?? '');
  for (const row of table.rows) {
    const obj: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) obj[names[i]!] = row[i];
    yield obj;
  }
}

const iso = (d: Date): string => d.toISOString();

/** Settle `call`, or reject with a ServiceError naming `what` once `ms` have passed (its request is aborted by the client's own policy). */
function withTimeout<T>(call: () => Promise<T>, ms: number | undefined, what: string): Promise<T> {
  if (ms === undefined) return call();
  return withDeadline(ms, () => new ServiceError(`${what} did not answer within ${describeMs(ms)} (client-side timeout)`), call);
}

/**
 * Query a window part by part, oldest first, yielding each part's rows before the next is read, so that a caller that
 * lets a part's rows go holds at most one answer (≤ 500,000 rows) at a time. A part too large for the service is split
 * in halves, pushed back oldest first (an explicit stack: no recursion on data size); at the minimum split it is yielded
 * as failed. A PartialFailure is yielded with its rows and the failure; any other failure throws ServiceError (or
 * QueryError for a query the service rejected), naming the workspace and window.
 */
export async function* querySegments(options: QuerySegmentsOptions): AsyncGenerator<QueriedSegment> {
  const logger = options.logger ?? silentLogger;
  const target = `workspace ${options.workspaceId}`;
  const todo: TimeWindow[] = [options.window];

  /** The halves of a too-large part, or the part as failed when it cannot be split further. */
  const split = (window: TimeWindow, why: string): QueriedSegment | undefined => {
    const length = window.end.getTime() - window.start.getTime();
    if (length / 2 < options.minSplitMs) {
      const message = `result for ${iso(window.start)}/${iso(window.end)} is too large even at the minimum split window (${why})`;
      return { window, rowCount: 0, rows: [], partialFailure: { window, code: 'ResultTooLarge', message } };
    }
    const mid = new Date(window.start.getTime() + Math.floor(length / 2));
    logger.warn(`Query result too large for ${iso(window.start)}/${iso(window.end)}; splitting at ${iso(mid)}`);
    // Later half first: the stack pops the earlier one next.
    todo.push({ start: mid, end: window.end }, { start: window.start, end: mid });
    return undefined;
  };

  while (todo.length > 0) {
    const window = todo.pop()!;
    const what = `Log Analytics query on ${target} for ${iso(window.start)}/${iso(window.end)}`;
    let result;
    try {
      result = await withTimeout(
        () => options.client.queryWorkspace(
          options.workspaceId,
          options.query,
          { startTime: window.start, endTime: window.end },
          { serverTimeoutInSeconds: options.serverTimeoutSeconds },
        ),
        options.callTimeoutMs,
        what,
      );
    } catch (error) {
      if (error instanceof ServiceError) throw error;
      if (isResultTooLarge(error)) {
        const failed = split(window, errorText(error));
        if (failed) yield failed;
        continue;
      }
      const status = statusCodeOf(error);
      const denied = status === 403 ? ` (${permissionDenied(QUERY_NEEDS)})` : '';
      const message = `${what} failed${status ? ` (HTTP ${status})` : ''}: ${errorText(error) || String(error)}${denied}`;
      if (status === 400) throw new QueryError(message, { code: 'BadArgumentError', cause: error });
      throw new ServiceError(message, { statusCode: status, cause: error });
    }
    switch (result.status) {
      case LogsQueryResultStatus.Success: {
        const table = result.tables[0];
        yield { window, rowCount: table?.rows.length ?? 0, rows: tableRows(table) };
        break;
      }
      case LogsQueryResultStatus.PartialFailure: {
        if (isResultTooLarge(result.partialError)) {
          const failed = split(window, errorText(result.partialError));
          if (failed) yield failed;
          break;
        }
        const table = result.partialTables[0];
        const unresolvedTables = unresolvedTablesOnly(result.partialError, options.fuzzyTables ?? []);
        if (unresolvedTables) {
          yield { window, rowCount: table?.rows.length ?? 0, rows: tableRows(table), unresolvedTables };
          break;
        }
        const partialFailure = { window, code: result.partialError.code ?? 'PartialError', message: errorText(result.partialError) };
        logger.warn(`Partial query failure for ${iso(window.start)}/${iso(window.end)}: ${partialFailure.code}`);
        yield { window, rowCount: table?.rows.length ?? 0, rows: tableRows(table), partialFailure };
        break;
      }
      default: {
        const never: never = result;
        throw new ServiceError(`Log Analytics query on ${target}: unexpected result status ${String((never as { status: unknown }).status)}`);
      }
    }
  }
}
