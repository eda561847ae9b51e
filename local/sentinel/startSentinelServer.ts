import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { FaultPlan } from '../http/FaultPlan.js';
import { listenOnLoopback } from '../http/listenOnLoopback.js';
import { armAction } from './armAction.js';
import { armError, handleSentinelRequest, type ApiResponse } from './handleSentinelRequest.js';
import { SentinelStore } from './SentinelStore.js';

/**
 * api-versions the emulator accepts (a subset of the published Microsoft.SecurityInsights versions in
 * Azure/azure-rest-api-specs specification/securityinsights/resource-manager/Microsoft.SecurityInsights/{stable,preview}/;
 * 2025-10-01-preview is the newest preview there). Anything else is refused with 400, as ARM does.
 */
export const SUPPORTED_API_VERSIONS: readonly string[] = Object.freeze([
  '2021-10-01',
  '2022-09-01-preview',
  '2022-11-01',
  '2023-02-01',
  '2023-11-01',
  '2024-03-01',
  '2024-09-01',
  '2025-01-01-preview',
  '2025-07-01-preview',
  '2025-09-01',
  '2025-10-01-preview',
]);

export interface SentinelServerOptions {
  /** JSON file to load the store from and persist it to (local runs keep their Sentinel state there). */
  readonly stateFile?: string;
  /** Faults to act out; a new plan when absent. */
  readonly faults?: FaultPlan;
  /** Latency added to every request, in ms (sets `faults.latencyMs`). */
  readonly latencyMs?: number;
  /** RBAC actions the caller lacks (`Microsoft.SecurityInsights/bookmarks/write`): answered 403 as ARM does. */
  readonly deniedActions?: Iterable<string>;
  /** How long after a relation is written its bookmark's entities appear on the incident, in ms (0: at once). */
  readonly entityDelayMs?: number;
}

/** One handled request; `status` 0 means the connection was reset instead of answered. */
export interface SentinelRequestRecord {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

export interface SentinelServer {
  readonly port: number;
  /** `https://127.0.0.1:${port}`: the SDK needs https (bearer policy); pair it with httpDowngradingClient. */
  readonly endpoint: string;
  readonly faults: FaultPlan;
  readonly requests: SentinelRequestRecord[];
  readonly store: SentinelStore;
  /** RBAC actions answered 403 (AuthorizationFailed); change it to deny or allow a role's action at any time. */
  readonly deniedActions: Set<string>;
  /** Behaviour that can be changed while the server runs. */
  readonly behaviour: { entityDelayMs: number };
  close(): Promise<void>;
}

const BASE = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+\/providers\/Microsoft\.SecurityInsights)(?:\/(.*))?$/i;

const INVALID = Symbol('invalid JSON');

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return INVALID;
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A dev-only Microsoft Sentinel management API on 127.0.0.1 (real HTTP, ARM envelopes and errors) for the publisher,
 * the `incidents` command and tests. Checks a bearer token is present (401 otherwise) and the api-version (400).
 * Faults from the FaultPlan: `status` answers with that status and an ARM error body (Retry-After when given);
 * `delay` waits first; `reset` applies the request and then destroys the socket without answering — the worst case
 * for idempotence, a change made whose answer is lost, which the SDK then retries.
 */
export async function startSentinelServer(options: SentinelServerOptions = {}): Promise<SentinelServer> {
  const store = options.stateFile ? await SentinelStore.load(options.stateFile) : new SentinelStore();
  const faults = options.faults ?? new FaultPlan();
  if (options.latencyMs !== undefined) faults.latencyMs = options.latencyMs;
  const requests: SentinelRequestRecord[] = [];
  const deniedActions = new Set(options.deniedActions ?? []);
  const behaviour = { entityDelayMs: options.entityDelayMs ?? 0 };
  let saving: Promise<void> = Promise.resolve();
  let dirty = false;
  let saveError: unknown;

  // Coalesce writes: at most one save in flight, and one more queued behind it whenever the store changed meanwhile.
  // A failed save is kept and reported by close(), so a local run never silently loses its Sentinel state.
  // Resolves once a save that includes the change is written: a write is answered only then, as ARM answers a PUT once
  // the resource is stored, so a local run killed right after an answer finds the resource on its next start.
  const scheduleSave = (): Promise<void> => {
    if (!options.stateFile || dirty) return saving;
    dirty = true;
    saving = saving.then(async () => {
      dirty = false;
      try {
        await store.save(options.stateFile!);
      } catch (error) {
        saveError ??= error;
      }
    });
    return saving;
  };

  const send = (response: ServerResponse, result: ApiResponse, headers: Record<string, string> = {}) => {
    const text = result.body === undefined ? '' : JSON.stringify(result.body);
    response.writeHead(result.status, {
      ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}),
      'x-ms-request-id': randomUUID(),
      ...headers,
    });
    response.end(text);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const record = (status: number) => requests.push({ method, path, status });
    const text = await readBody(request);
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);

    if (!/^Bearer\s+\S+/i.test(request.headers.authorization ?? '')) {
      record(401);
      return send(response, armError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing or is not a bearer token."));
    }
    const apiVersion = url.searchParams.get('api-version');
    if (apiVersion === null) {
      record(400);
      return send(response, armError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests."));
    }
    if (!SUPPORTED_API_VERSIONS.includes(apiVersion)) {
      record(400);
      return send(
        response,
        armError(400, 'InvalidApiVersionParameter', `The api-version '${apiVersion}' is invalid. The supported versions are '${SUPPORTED_API_VERSIONS.join(',')}'.`),
      );
    }

    const fault = faults.take({ method, path });
    if (fault?.kind === 'delay') await sleep(fault.ms);
    if (fault?.kind === 'status') {
      record(fault.status);
      const code = fault.code ?? (fault.status === 429 ? 'TooManyRequests' : fault.status === 503 ? 'ServiceUnavailable' : 'InternalServerError');
      return send(response, armError(fault.status, code, fault.message ?? `Injected fault ${fault.status} for ${method} ${path}`), {
        ...(fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {}),
      });
    }

    let result: ApiResponse;
    const match = BASE.exec(path);
    const rest = (match?.[2] ?? '').split('/').filter((s) => s !== '').map(decodeURIComponent);
    const action = match ? armAction(method, rest) : undefined;
    // RBAC action names compare case-insensitively (published as `Microsoft.SecurityInsights/Bookmarks/write`).
    if (action !== undefined && [...deniedActions].some((denied) => denied.toLowerCase() === action.toLowerCase())) {
      // ARM's answer when the caller's role assignments lack the action
      // (https://learn.microsoft.com/azure/role-based-access-control/troubleshooting#symptom---authorization-failed).
      record(403);
      return send(
        response,
        armError(
          403,
          'AuthorizationFailed',
          `The client 'local-emulator' with object id '00000000-0000-0000-0000-000000000000' does not have authorization to perform action '${action}' over scope '${match![1]}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
        ),
      );
    }
    if (!match) {
      result = armError(404, 'NotFound', `No route for ${method} ${path}`);
    } else {
      const body = parseJson(text);
      result =
        body === INVALID
          ? armError(400, 'InvalidRequestContent', `The request content for ${method} ${path} is not valid JSON`)
          : handleSentinelRequest(store, match[1]!, rest, {
              method,
              url,
              body,
              host: request.headers.host ?? '127.0.0.1',
              now: new Date(),
              entityDelayMs: behaviour.entityDelayMs,
            });
    }
    if (result.changed) await scheduleSave();
    if (fault?.kind === 'reset') {
      record(0);
      request.socket.destroy();
      return;
    }
    record(result.status);
    send(response, result);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      requests.push({ method: request.method ?? 'GET', path: request.url ?? '/', status: 500 });
      if (!response.headersSent) send(response, armError(500, 'InternalServerError', `Local Sentinel server error: ${(error as Error).message}`));
    });
  });
  const listening = await listenOnLoopback(server);
  const { port } = listening;
  return {
    port,
    endpoint: `https://127.0.0.1:${port}`,
    faults,
    requests,
    store,
    deniedActions,
    behaviour,
    async close() {
      await listening.close();
      await saving;
      if (saveError !== undefined) {
        throw new Error(`Saving the Sentinel state to ${options.stateFile} failed: ${(saveError as Error).message}`, { cause: saveError });
      }
    },
  };
}
