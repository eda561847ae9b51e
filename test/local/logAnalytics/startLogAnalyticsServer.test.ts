import { LogsQueryClient, LogsQueryResultStatus, type LogsQueryPartialResult, type LogsQuerySuccessfulResult } from '@azure/monitor-query-logs';
import { RestError } from '@azure/core-rest-pipeline';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FaultPlan } from '../../../local/http/FaultPlan.js';
import { httpDowngradingClient } from '../../../local/http/httpDowngradingClient.js';
import { staticTokenCredential } from '../../../local/http/staticTokenCredential.js';
import { startLogAnalyticsServer, type LogAnalyticsServer } from '../../../local/logAnalytics/startLogAnalyticsServer.js';
import { parseTableRows } from '../../../local/tables/parseTableRows.js';
import { unresolvedLegsOnly } from '../../../src/query/unresolvedLegs.js';

const seedQuery = readFileSync(new URL('../../../queries/seed.kql', import.meta.url), 'utf8');
const NOW = new Date('2024-05-02T00:00:00Z');
const DAY = { startTime: new Date('2024-05-01T00:00:00Z'), endTime: new Date('2024-05-02T00:00:00Z') };

const ROWS = [
  { TimeGenerated: '2024-05-01T11:00:00Z', EventID: 4688, Computer: 'WS02', Account: 'CONTOSO\\bob', Process: 'powershell.exe', CommandLine: 'powershell -c iwr 45.67.89.123 -o x' },
  { TimeGenerated: '2024-05-01T12:00:00.1234Z', EventID: 4688, Computer: 'WS03', Account: 'CONTOSO\\carol', Process: 'powershell.exe', CommandLine: 'powershell -c iwr 45.67.89.123 -o x' },
  { TimeGenerated: '2024-05-01T13:00:00Z', EventID: 4688, Computer: 'WS05', Account: 'CONTOSO\\erin', Process: 'cmd.exe', CommandLine: 'ping 8.8.8.81 -n 1' },
  // Outside the request's timespan: the server must not see it.
  { TimeGenerated: '2024-04-20T13:00:00Z', EventID: 4688, Computer: 'WS09', Account: 'CONTOSO\\zed', Process: 'cmd.exe', CommandLine: 'ping 8.8.4.44 -n 1' },
];

let server: LogAnalyticsServer;

function client(options: { maxRetries?: number; token?: string } = {}): LogsQueryClient {
  return new LogsQueryClient(staticTokenCredential(options.token), {
    endpoint: server.endpoint,
    httpClient: httpDowngradingClient(),
    credentials: { scopes: ['https://api.loganalytics.io/.default'] },
    retryOptions: { maxRetries: options.maxRetries ?? 0, retryDelayInMs: 10, maxRetryDelayInMs: 50 },
  });
}

async function rejection(promise: Promise<unknown>): Promise<RestError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RestError);
    return error as RestError;
  }
  throw new Error('expected the query to throw');
}

beforeAll(async () => {
  server = await startLogAnalyticsServer({
    tables: { SecurityEvent: parseTableRows('SecurityEvent', JSON.stringify(ROWS)) },
    now: () => NOW,
    maxResultRows: 50,
  });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.faults.reset();
  server.requests.length = 0;
  server.behaviour.denyQuery = false;
});

describe('Log Analytics emulator with the real LogsQueryClient', () => {
  it('runs the seed query over the timespan and returns typed tables', async () => {
    const result = await client().queryWorkspace('ws-1', seedQuery, DAY, { includeQueryStatistics: true, serverTimeoutInSeconds: 60 });
    expect(result.status).toBe(LogsQueryResultStatus.Success);
    const table = (result as LogsQuerySuccessfulResult).tables[0]!;
    expect(table.name).toBe('PrimaryResult');
    expect(table.columnDescriptors.map((c) => `${c.name}:${c.type}`)).toEqual([
      'Host_count:long', 'IP:string', 'Process:string', 'CommandLine:string', 'FirstSeen:datetime', 'LastSeen:datetime', 'Hosts:dynamic', 'Accounts:dynamic',
    ]);
    expect(table.rows).toHaveLength(2);
    expect(table.rows[0]).toEqual([
      2, '45.67.89.123', 'powershell.exe', 'powershell -c iwr 45.67.89.123 -o x',
      new Date('2024-05-01T11:00:00Z'), new Date('2024-05-01T12:00:00.123Z'), ['WS02', 'WS03'], ['CONTOSO\\bob', 'CONTOSO\\carol'],
    ]);
    expect(result.statistics).toMatchObject({ query: { datasetStatistics: [{ tableRowCount: 2 }] } });

    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/workspaces/ws-1/query' });
    expect(request!.headers['authorization']).toBe('Bearer local-emulator-token');
    expect(request!.headers['prefer']).toBe('wait=60,include-statistics=true');
    expect(request!.body).toEqual({ query: seedQuery, timespan: '2024-05-01T00:00:00.000Z/2024-05-02T00:00:00.000Z' });
  });

  it('serializes each type as the service does (trimmed datetimes, dynamic as JSON text, NaN as a string)', async () => {
    const response = await fetch(server.endpoint.replace('https:', 'http:') + '/workspaces/ws-1/query', {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'print d = datetime(2024-05-01T10:00:00.5Z), w = datetime(2024-05-01T10:00:00Z), dyn = dynamic({"a":[1]}), n = real(nan), i = real(-inf), s = "", l = long(null), t = 1d + 1s, g = guid(74BE27DE-1E4E-49D9-B579-FE0B331D3642), b = true',
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { tables: { columns: { type: string }[]; rows: unknown[][] }[] };
    expect(body.tables[0]!.columns.map((c) => c.type)).toEqual(['datetime', 'datetime', 'dynamic', 'real', 'real', 'string', 'long', 'timespan', 'guid', 'bool']);
    expect(body.tables[0]!.rows).toEqual([
      ['2024-05-01T10:00:00.5Z', '2024-05-01T10:00:00Z', '{"a":[1]}', 'NaN', '-Infinity', '', null, '1.00:00:01', '74be27de-1e4e-49d9-b579-fe0b331d3642', true],
    ]);
  });

  it('accepts duration timespans relative to its clock', async () => {
    const result = await client().queryWorkspace('ws-1', 'SecurityEvent | count', { duration: 'P30D' });
    expect((result as LogsQuerySuccessfulResult).tables[0]!.rows).toEqual([[4]]);
    const lastDay = await client().queryWorkspace('ws-1', 'SecurityEvent | count', { duration: 'P1D' });
    expect((lastDay as LogsQuerySuccessfulResult).tables[0]!.rows).toEqual([[3]]);
  });

  it('answers a query error with 400 BadArgumentError carrying the diagnostic and its position', async () => {
    const error = await rejection(client().queryWorkspace('ws-1', 'SecurityEvent\n| where CommandLin has "x"', DAY));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('BadArgumentError');
    expect(error.message).toContain("KS142 The name 'CommandLin' does not refer to any known column");
    expect(error.message).toContain('line 2, column 9');
    // The SDK keeps code/message/innererror of the body (it drops the service's extra line/pos fields).
    expect(error.details).toMatchObject({
      error: { code: 'BadArgumentError', innererror: { code: 'SemanticError', innererror: { code: 'KS142' } } },
    });
  });

  it('answers 403 InsufficientAccessError when told the caller has no query permission', async () => {
    server.behaviour.denyQuery = true;
    const error = await rejection(client().queryWorkspace('ws-1', 'SecurityEvent | take 1', DAY));
    expect([error.statusCode, error.code]).toEqual([403, 'InsufficientAccessError']);
  });

  it('answers an unsupported construct with 400 naming it', async () => {
    const error = await rejection(client().queryWorkspace('ws-1', 'SecurityEvent | extend h = hash(Computer)', DAY));
    expect(error.statusCode).toBe(400);
    expect(error.message).toContain("Unsupported function 'hash' at position 27");
  });

  it('answers queryBatch and queryResource as well', async () => {
    const batch = await client().queryBatch([
      { workspaceId: 'ws-1', query: 'SecurityEvent | count', timespan: DAY },
      { workspaceId: 'ws-1', query: 'SecurityEvent | where Nope == 1', timespan: DAY },
    ]);
    expect(batch[0]).toMatchObject({ status: LogsQueryResultStatus.Success });
    expect((batch[0] as LogsQuerySuccessfulResult).tables[0]!.rows).toEqual([[3]]);
    // NOTE: monitor-query-logs 1.0.0 turns a failed batch entry (status 400 + error body) into PartialFailure with no
    // tables, not Failure (convertToLogsBatchResult only yields Failure for an entry without a body).
    expect(batch[1]).toMatchObject({ status: LogsQueryResultStatus.PartialFailure, partialTables: [], partialError: { code: 'BadArgumentError' } });

    const resource = await client().queryResource('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm', 'SecurityEvent | count', DAY);
    expect((resource as LogsQuerySuccessfulResult).tables[0]!.rows).toEqual([[3]]);
    expect(server.requests.map((r) => r.path)).toEqual(['/v1/$batch', '/v1//subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm/query']);
  });

  it('answers 401 without a bearer token', async () => {
    const response = await fetch(server.endpoint.replace('https:', 'http:') + '/workspaces/ws-1/query', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'SecurityEvent | count' }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'AuthorizationRequiredError' } });
  });
});

describe('injected faults, as the SDK surfaces them', () => {
  it('partial failure: 200 with error and partial tables becomes status PartialFailure', async () => {
    server.faults.next({ kind: 'partial', message: 'shard 3 failed' });
    const result = await client().queryWorkspace('ws-1', 'SecurityEvent | project Computer', { duration: 'P30D' });
    expect(result.status).toBe(LogsQueryResultStatus.PartialFailure);
    const partial = result as LogsQueryPartialResult;
    expect(partial.partialTables[0]!.rows).toHaveLength(2);
    expect(partial.partialError).toMatchObject({ code: 'PartialError' });
  });

  it('a fuzzy union over a missing table answers 200 with the rows and a partial error naming the table', async () => {
    const result = await client().queryWorkspace('ws-1', 'union isfuzzy=true (DeviceNetworkEvents | project Computer = DeviceName), (SecurityEvent | project Computer)', {
      duration: 'P30D',
    });
    expect(result.status).toBe(LogsQueryResultStatus.PartialFailure);
    const partial = result as LogsQueryPartialResult;
    const all = await client().queryWorkspace('ws-1', 'SecurityEvent | project Computer', { duration: 'P30D' });
    expect(partial.partialTables[0]!.rows).toEqual((all as LogsQuerySuccessfulResult).tables[0]!.rows);
    expect(unresolvedLegsOnly(partial.partialError)).toEqual(['DeviceNetworkEvents']);
  });

  it('result too large: the cap cuts the rows and reports E_QUERY_RESULT_SET_TOO_LARGE as a partial failure', async () => {
    const result = await client().queryWorkspace('ws-1', 'print a = dynamic([' + Array.from({ length: 80 }, (_, i) => i).join(',') + ']) | mv-expand a', DAY);
    expect(result.status).toBe(LogsQueryResultStatus.PartialFailure);
    const partial = result as LogsQueryPartialResult;
    expect(partial.partialTables[0]!.rows).toHaveLength(50);
    expect(JSON.stringify(partial.partialError)).toContain('E_QUERY_RESULT_SET_TOO_LARGE');

    server.faults.next({ kind: 'tooLarge' });
    const forced = await client().queryWorkspace('ws-1', 'SecurityEvent | project Computer', { duration: 'P30D' });
    expect(forced.status).toBe(LogsQueryResultStatus.PartialFailure);
    expect((forced as LogsQueryPartialResult).partialTables[0]!.rows).toHaveLength(2);
  });

  it('429 with Retry-After is retried by the pipeline', async () => {
    server.faults.next({ kind: 'status', status: 429, retryAfterSeconds: 0 }, { times: 2 });
    const result = await client({ maxRetries: 3 }).queryWorkspace('ws-1', 'SecurityEvent | count', DAY);
    expect(result.status).toBe(LogsQueryResultStatus.Success);
    expect(server.requests).toHaveLength(3);
    expect(server.faults.injected['status']).toBe(2);
  });

  it('429 beyond the retries throws RestError 429', async () => {
    server.faults.next({ kind: 'status', status: 429, retryAfterSeconds: 0 }, { times: 5 });
    const error = await rejection(client({ maxRetries: 1 }).queryWorkspace('ws-1', 'SecurityEvent | count', DAY));
    expect(error.statusCode).toBe(429);
    expect(error.code).toBe('ThrottledError');
    expect(server.requests).toHaveLength(2);
  });

  it('5xx is retried, then throws RestError with the status', async () => {
    server.faults.next({ kind: 'status', status: 503, retryAfterSeconds: 0 }, { times: 1 });
    const recovered = await client({ maxRetries: 2 }).queryWorkspace('ws-1', 'SecurityEvent | count', DAY);
    expect(recovered.status).toBe(LogsQueryResultStatus.Success);

    server.faults.next({ kind: 'status', status: 500 }, { times: 3 });
    const error = await rejection(client({ maxRetries: 0 }).queryWorkspace('ws-1', 'SecurityEvent | count', DAY));
    expect(error.statusCode).toBe(500);
  });

  it('delay: the answer arrives late, or the request times out client-side', async () => {
    server.faults.next({ kind: 'delay', ms: 150 });
    const t = performance.now();
    const result = await client().queryWorkspace('ws-1', 'SecurityEvent | count', DAY);
    expect(result.status).toBe(LogsQueryResultStatus.Success);
    expect(performance.now() - t).toBeGreaterThanOrEqual(140);

    // NOTE: @azure/monitor-query-logs 1.0.0 drops `abortSignal` from queryWorkspace options (convertToInternalOptions
    // keeps only prefer and requestOptions); `requestOptions.timeout` does reach the transport.
    server.faults.next({ kind: 'delay', ms: 500 });
    await expect(
      client().queryWorkspace('ws-1', 'SecurityEvent | count', DAY, { requestOptions: { timeout: 50 } }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('NOTE: abortSignal in queryWorkspace options is ignored by the SDK', async () => {
    server.faults.next({ kind: 'delay', ms: 200 });
    const result = await client().queryWorkspace('ws-1', 'SecurityEvent | count', DAY, { abortSignal: AbortSignal.timeout(20) });
    expect(result.status).toBe(LogsQueryResultStatus.Success);
  });

  it('reset: a dropped connection surfaces as a RestError with a socket code', async () => {
    server.faults.next({ kind: 'reset' }, { times: 5 });
    const error = await rejection(client({ maxRetries: 0 }).queryWorkspace('ws-1', 'SecurityEvent | count', DAY));
    expect(error.code).toMatch(/ECONNRESET|socket hang up/i);
  });
});
