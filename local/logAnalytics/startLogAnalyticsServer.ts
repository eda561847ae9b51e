/**
 * A Log Analytics query API emulator: a real HTTP server on 127.0.0.1 speaking the wire protocol of
 * `POST /v1/workspaces/{id}/query` (azure-sdk-wire.md §1.5), backed by the local KQL engine.
 *
 * Error shapes follow the service: 400 `BadArgumentError` with a nested `innererror` for rejected queries, 401
 * `AuthorizationRequiredError` without a bearer token, 404 `PathNotFoundError`. A result over the caps (500,000 rows
 * or ~64 MB by default) is a *partial* failure, as Kusto's result truncation is: HTTP 200 with the rows that fit plus
 * an `error` whose detail carries E_QUERY_RESULT_SET_TOO_LARGE — so the SDK returns `PartialFailure`, not a throw.
 * Dev-only: production code never imports local/.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HunterError, QueryError } from '../../src/errors.js';
import { createKqlEngine } from '../kql/createKqlEngine.js';
import { FaultPlan, type Fault } from '../http/faultPlan.js';
import { parseQueryTimespan } from './parseQueryTimespan.js';
import { DEFAULT_MAX_RESULT_BYTES, DEFAULT_MAX_RESULT_ROWS, serializeQueryResult } from './serializeQueryResult.js';
import type { TableData } from '../kql/kqlTypes.js';

export interface LogAnalyticsServerOptions {
  readonly tables: Record<string, TableData>;
  /** The clock for now() and for bare-duration timespans (default: system clock). */
  readonly now?: () => Date;
  /** Result cap in rows (default 500,000, as the service). */
  readonly maxResultRows?: number;
  /** Result cap in bytes of serialized rows (default 64 MB, as the service). */
  readonly maxResultBytes?: number;
  readonly faults?: FaultPlan;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly headers: Record<string, string>;
}

export interface LogAnalyticsServer {
  readonly port: number;
  /** `https://127.0.0.1:${port}/v1`: pass to LogsQueryClient together with httpDowngradingClient(). */
  readonly endpoint: string;
  readonly faults: FaultPlan;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

const QUERY_PATH = /^\/v1\/workspaces\/([^/]+)\/query\/?$/;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-ms-request-id': cryptoId(),
    ...headers,
  });
  res.end(text);
}

let counter = 0;
function cryptoId(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
}

function errorBody(code: string, message: string, innererror?: unknown): unknown {
  return { error: { code, message, correlationId: cryptoId(), ...(innererror ? { innererror } : {}) } };
}

function parsePrefer(header: string | undefined): { includeStatistics: boolean; includeRender: boolean; waitSeconds?: number } {
  const parts = (header ?? '').split(',').map((p) => p.trim().toLowerCase());
  const wait = parts.find((p) => p.startsWith('wait='));
  return {
    includeStatistics: parts.includes('include-statistics=true'),
    includeRender: parts.includes('include-render=true'),
    ...(wait ? { waitSeconds: Number(wait.slice(5)) } : {}),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A query error as the service reports it: the diagnostic (with its position) in the message and the innererror. */
function queryErrorBody(error: QueryError, query: string): unknown {
  const syntax = /^KS0\d\d$/.test(error.code);
  const position = error.position ?? 0;
  const before = query.slice(0, position);
  const line = before.split('\n').length;
  const pos = position - before.lastIndexOf('\n') - 1;
  return errorBody('BadArgumentError', `The request had some invalid properties: ${error.message}`, {
    code: syntax ? 'SyntaxError' : 'SemanticError',
    message: syntax ? 'A recognition error occurred in the query.' : 'A semantic error occurred.',
    innererror: { code: error.code, message: error.message, line, pos },
  });
}

/** Starts the emulator on a free port of 127.0.0.1. */
export async function startLogAnalyticsServer(options: LogAnalyticsServerOptions): Promise<LogAnalyticsServer> {
  const clock = options.now ?? (() => new Date());
  const engine = createKqlEngine({ tables: options.tables, now: clock });
  const faults = options.faults ?? new FaultPlan();
  const requests: RecordedRequest[] = [];
  const maxRows = options.maxResultRows ?? DEFAULT_MAX_RESULT_ROWS;
  const maxBytes = options.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    const path = (req.url ?? '/').split('?')[0]!;
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Recorded as text; rejected below.
    }
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
    requests.push({ method: req.method ?? 'GET', path, body, headers });

    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    let fault: Fault | undefined = faults.take({ method: req.method ?? 'GET', path });
    if (fault?.kind === 'delay') {
      await sleep(fault.ms);
      fault = undefined;
    }
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      const retry: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
      const code = fault.code ?? (fault.status === 429 ? 'ThrottledError' : fault.status >= 500 ? 'ServiceUnavailableError' : 'BadRequest');
      send(res, fault.status, errorBody(code, fault.message ?? `Injected fault: HTTP ${fault.status}`), retry);
      return;
    }

    const auth = headers['authorization'] ?? '';
    if (!/^Bearer \S+/.test(auth)) {
      send(res, 401, errorBody('AuthorizationRequiredError', 'Valid authentication was not provided'));
      return;
    }
    const match = QUERY_PATH.exec(path);
    if (!match) {
      send(res, 404, errorBody('PathNotFoundError', `The requested path does not exist: ${req.method} ${path}`));
      return;
    }
    if (req.method !== 'POST') {
      send(res, 405, errorBody('MethodNotAllowed', `Method ${req.method} is not supported on ${path}`));
      return;
    }
    const request = body as { query?: unknown; timespan?: unknown } | undefined;
    if (!request || typeof request !== 'object' || typeof request.query !== 'string' || request.query.trim() === '') {
      send(res, 400, errorBody('BadArgumentError', 'The request had some invalid properties: body.query is required', { code: 'QueryValidationError', message: 'Query is missing or empty' }));
      return;
    }
    const prefer = parsePrefer(headers['prefer']);
    const started = performance.now();
    let serialized;
    try {
      const now = clock();
      const timespan = typeof request.timespan === 'string' && request.timespan !== '' ? parseQueryTimespan(request.timespan, now) : undefined;
      const result = engine.run(request.query, { now, ...(timespan ? { timespan } : {}) });
      const forced = fault?.kind === 'tooLarge';
      serialized = serializeQueryResult(result, forced ? { maxRows: Math.min(maxRows, Math.floor(result.tables[0]!.rows.length / 2)), maxBytes } : { maxRows, maxBytes });
    } catch (error) {
      if (error instanceof QueryError) send(res, 400, queryErrorBody(error, request.query));
      else if (error instanceof HunterError) send(res, 400, errorBody('BadArgumentError', `The request had some invalid properties: ${error.message}`, { code: 'QueryValidationError', message: error.message }));
      else send(res, 500, errorBody('InternalServerError', `Local engine failure: ${(error as Error).message}`));
      return;
    }
    const response: Record<string, unknown> = { tables: serialized.tables };
    let partialMessage: string | undefined = serialized.truncation;
    if (fault?.kind === 'partial') {
      // Partial failure: keep the first half of each table's rows, as if a shard failed mid-query.
      for (const t of serialized.tables) t.rows = t.rows.slice(0, Math.floor(t.rows.length / 2));
      partialMessage = fault.message ?? 'Injected partial failure: a shard did not answer';
    }
    if (partialMessage) {
      response['error'] = {
        code: 'PartialError',
        message: 'There were some errors when processing your query.',
        details: [
          {
            code: 'EngineError',
            message: partialMessage,
            innererror: { code: 'E_QUERY_RESULT_SET_TOO_LARGE', message: partialMessage, severity: 2, severityName: 'Error' },
          },
        ],
      };
      if (fault?.kind === 'partial') {
        (response['error'] as { details: { innererror: { code: string } }[] }).details[0]!.innererror.code = 'PartialQueryFailure';
      }
    }
    if (prefer.includeStatistics) {
      response['statistics'] = {
        query: {
          executionTime: (performance.now() - started) / 1000,
          datasetStatistics: serialized.tables.map((t) => ({ tableRowCount: t.rows.length, tableSize: serialized.bytes })),
        },
      };
    }
    if (prefer.includeRender) response['render'] = {};
    const applied = [prefer.includeStatistics ? 'include-statistics=true' : '', prefer.includeRender ? 'include-render=true' : '']
      .filter((p) => p)
      .join(',');
    send(res, 200, response, applied ? { 'preference-applied': applied } : {});
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, errorBody('InternalServerError', `Local server failure: ${(error as Error).message}`));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    endpoint: `https://127.0.0.1:${port}/v1`,
    faults,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
