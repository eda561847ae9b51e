import { describe, expect, it } from 'vitest';
import { LogsQueryResultStatus, type LogsQueryClient, type LogsQueryResult, type LogsTable } from '@azure/monitor-query-logs';
import { compileExclusions } from '../../src/exclusions/compileExclusions.js';
import { aggregateFindings } from '../../src/findings/aggregateFindings.js';
import { querySegments, type QueriedSegment } from '../../src/query/querySegments.js';

const WINDOW = { start: new Date('2026-11-20T00:00:00Z'), end: new Date('2026-11-21T00:00:00Z') };
const HOUR = 3_600_000;
/** Log Analytics returns up to 500,000 rows in one answer. */
const SERVICE_MAX_ROWS = 500_000;

const COLUMNS = ['TimeGenerated', 'Computer', 'Account', 'Process', 'CommandLine'].map((name) => ({ name, type: 'string' as const }));

/** The external IP of row `i`: one of `distinct` addresses in 45.0.0.0/8 (globally routable). */
function ipOf(i: number, distinct: number): string {
  const n = i % distinct;
  return `45.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/** A SecurityEvent-shaped table of `count` rows over `distinct` IPs, its cells made compactly (one shared Date). */
function table(count: number, distinct: number, at: Date): LogsTable {
  const rows: unknown[][] = new Array(count);
  for (let i = 0; i < count; i++) rows[i] = [at, `ws${i % 97}`, 'CONTOSO\\svc', 'curl.exe', `curl.exe http://${ipOf(i, distinct)}/a`];
  return { name: 'PrimaryResult', columnDescriptors: COLUMNS, rows: rows as LogsTable['rows'] };
}

type Answer = (window: { start: Date; end: Date }) => LogsQueryResult;

function client(answer: Answer): Pick<LogsQueryClient, 'queryWorkspace'> & { windows: { start: Date; end: Date }[] } {
  const windows: { start: Date; end: Date }[] = [];
  return {
    windows,
    queryWorkspace: async (_id, _query, timespan) => {
      const window = { start: (timespan as { startTime: Date }).startTime, end: (timespan as { endTime: Date }).endTime };
      windows.push(window);
      return answer(window) as never;
    },
  };
}

const success = (t: LogsTable): LogsQueryResult => ({ status: LogsQueryResultStatus.Success, tables: [t] });
const tooLarge = (): LogsQueryResult => ({
  status: LogsQueryResultStatus.PartialFailure,
  partialTables: [],
  partialError: { name: 'Error', message: 'Query result set has exceeded the internal record count limit', code: 'PartialError', details: [{ code: 'E_QUERY_RESULT_SET_TOO_LARGE' }] } as never,
});

async function collect(segments: AsyncIterable<QueriedSegment>): Promise<QueriedSegment[]> {
  const out: QueriedSegment[] = [];
  for await (const s of segments) out.push(s);
  return out;
}

describe('querySegments at the service’s sizes', () => {
  it('takes a 500,000-row answer through detection and aggregation', { timeout: 300_000 }, async () => {
    const distinct = 50_000;
    const logs = client(() => success(table(SERVICE_MAX_ROWS, distinct, WINDOW.start)));
    const exclusions = compileExclusions({ cidrs: [], rules: [] }, WINDOW.end);
    const segments = querySegments({ client: logs, workspaceId: 'w', query: 'q', window: WINDOW, minSplitMs: 60_000 });
    let findings = 0;
    let rows = 0;
    for await (const segment of segments) {
      expect(segment.rowCount).toBe(SERVICE_MAX_ROWS);
      const detected = aggregateFindings(segment.rows, { exclusions, maxCommandLines: 20 });
      rows += detected.rows;
      findings += detected.findings.length;
      expect(detected.rowErrors).toEqual([]);
    }
    expect(rows).toBe(SERVICE_MAX_ROWS);
    expect(findings).toBe(distinct);
  });
});

describe('querySegments', () => {
  it('splits a too-large answer into halves and yields the parts oldest first', async () => {
    // Anything longer than 6 hours is too large.
    const logs = client((w) => (w.end.getTime() - w.start.getTime() > 6 * HOUR ? tooLarge() : success(table(1, 1, w.start))));
    const segments = await collect(querySegments({ client: logs, workspaceId: 'w', query: 'q', window: WINDOW, minSplitMs: 60_000 }));
    expect(segments.map((s) => s.window.start.toISOString())).toEqual([
      '2026-11-20T00:00:00.000Z',
      '2026-11-20T06:00:00.000Z',
      '2026-11-20T12:00:00.000Z',
      '2026-11-20T18:00:00.000Z',
    ]);
    expect(segments.at(-1)!.window.end).toEqual(WINDOW.end);
    for (const s of segments) expect(s).not.toHaveProperty('partialFailure');
  });

  it('queries the next part only when the caller asks for it', async () => {
    const logs = client((w) => (w.end.getTime() - w.start.getTime() > 12 * HOUR ? tooLarge() : success(table(1, 1, w.start))));
    const iterator = querySegments({ client: logs, workspaceId: 'w', query: 'q', window: WINDOW, minSplitMs: 60_000 })[Symbol.asyncIterator]();
    await iterator.next();
    expect(logs.windows).toHaveLength(2);
    await iterator.return(undefined);
    expect(logs.windows).toHaveLength(2);
  });

  it('yields a part as failed when it is too large even at the minimum split', async () => {
    const logs = client(() => tooLarge());
    const segments = await collect(querySegments({ client: logs, workspaceId: 'w', query: 'q', window: WINDOW, minSplitMs: 12 * HOUR }));
    expect(segments).toHaveLength(2);
    for (const s of segments) expect(s.partialFailure).toMatchObject({ code: 'ResultTooLarge' });
  });

  it('gives up on a query that does not answer within the client-side timeout, naming the window', async () => {
    const logs = { queryWorkspace: () => new Promise<never>(() => undefined) };
    const segments = querySegments({ client: logs, workspaceId: 'w', query: 'q', window: WINDOW, minSplitMs: 60_000, callTimeoutMs: 50 });
    await expect(collect(segments)).rejects.toThrow(/2026-11-20T00:00:00.000Z\/2026-11-21T00:00:00.000Z did not answer within/);
  });
});
