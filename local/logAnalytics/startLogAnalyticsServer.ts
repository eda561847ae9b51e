/**
 * A Log Analytics query API emulator: a real HTTP server on 127.0.0.1 speaking the wire protocol of
 * `POST /v1/workspaces/{id}/query` (as @azure/monitor-query-logs 1.0.0 sends and expects it), backed by the local KQL engine.
 *
 * Error shapes follow the service: 400 `BadArgumentError` with a nested `innererror` for rejected queries, 401
 * `AuthorizationRequiredError` without a bearer token, 404 `PathNotFoundError`. A result over the caps (500,000 rows
 * or ~64 MB by default) is a *partial* failure, as Kusto's result truncation is: HTTP 200 with the rows that fit plus
 * an `error` whose detail carries E_QUERY_RESULT_SET_TOO_LARGE — so the SDK returns `PartialFailure`, not a throw.
 * Dev-only: production code never imports local/.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createKqlEngine } from '../kql/createKqlEngine.js';
import { listenOnLoopback } from '../http/listenOnLoopback.js';
import { FaultPlan, type Fault } from '../http/FaultPlan.js';
import { answerQuery } from './answerQuery.js';
import { errorBody, nextCorrelationId } from './logAnalyticsError.js';
import { DEFAULT_MAX_RESULT_BYTES, DEFAULT_MAX_RESULT_ROWS } from './serializeQueryResult.js';
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
  /** Answer every query 403, as for an identity without query read on the workspace (default false). */
  readonly denyQuery?: boolean;
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
  /** Behaviour that can be changed while the server runs. */
  readonly behaviour: { denyQuery: boolean };
  close(): Promise<void>;
}

// Workspace queries, and resource-centric ones (`POST /v1//subscriptions/…/query`: the SDK keeps the double slash).
const QUERY_PATH = /^\/v1\/(?:workspaces\/[^/]+|\/?subscriptions\/.+)\/query\/?$/;
const BATCH_PATH = /^\/v1\/\$batch\/?$/;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-ms-request-id': nextCorrelationId(),
    ...headers,
  });
  res.end(text);
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

/** Starts the emulator on a free port of 127.0.0.1. */
export async function startLogAnalyticsServer(options: LogAnalyticsServerOptions): Promise<LogAnalyticsServer> {
  const clock = options.now ?? (() => new Date());
  const engine = createKqlEngine({ tables: options.tables, now: clock });
  const faults = options.faults ?? new FaultPlan();
  const requests: RecordedRequest[] = [];
  const maxRows = options.maxResultRows ?? DEFAULT_MAX_RESULT_ROWS;
  const maxBytes = options.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES;
  const behaviour = { denyQuery: options.denyQuery ?? false };

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
    if (behaviour.denyQuery) {
      // The API's answer to a caller without Microsoft.OperationalInsights/workspaces/query/read on the workspace
      // (https://learn.microsoft.com/azure/azure-monitor/logs/api/errors: 403 InsufficientAccessError).
      send(res, 403, errorBody('InsufficientAccessError', 'The provided credentials have insufficient access to perform the requested operation'));
      return;
    }
    const answerOptions = {
      now: clock(),
      maxRows,
      maxBytes,
      ...(fault?.kind === 'partial' || fault?.kind === 'tooLarge' ? { fault } : {}),
    };
    if (QUERY_PATH.test(path) && (req.method === 'POST' || req.method === 'GET')) {
      // GET carries the query and timespan as URL parameters.
      const url = new URL(req.url ?? '/', 'http://localhost');
      const request = req.method === 'GET' ? { query: url.searchParams.get('query'), timespan: url.searchParams.get('timespan') } : body;
      const answer = answerQuery(engine, request, headers['prefer'], answerOptions);
      send(res, answer.status, answer.body, answer.headers);
      return;
    }
    if (BATCH_PATH.test(path) && req.method === 'POST') {
      const batch = body as { requests?: { id?: string; headers?: Record<string, string>; body?: unknown }[] } | undefined;
      if (!batch || !Array.isArray(batch.requests)) {
        send(res, 400, errorBody('BadArgumentError', 'The request had some invalid properties: requests is required'));
        return;
      }
      const responses = batch.requests.map((entry) => {
        const answer = answerQuery(engine, entry.body, entry.headers?.['prefer'] ?? entry.headers?.['Prefer'], answerOptions);
        return { id: entry.id, status: answer.status, headers: answer.headers, body: answer.body };
      });
      send(res, 200, { responses });
      return;
    }
    const known = QUERY_PATH.test(path) || BATCH_PATH.test(path);
    send(res, known ? 405 : 404, errorBody(known ? 'MethodNotAllowed' : 'PathNotFoundError', `${known ? 'Method not supported' : 'The requested path does not exist'}: ${req.method} ${path}`));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, errorBody('InternalServerError', `Local server failure: ${(error as Error).message}`));
    });
  });
  const { port, close } = await listenOnLoopback(server);
  return {
    port,
    endpoint: `https://127.0.0.1:${port}/v1`,
    faults,
    requests,
    behaviour,
    close,
  };
}
