/**
 * One query request answered as the service answers it: status, JSON body and headers. Shared by the single-query
 * routes and the `$batch` route.
 */
import { HunterError, QueryError } from '../../src/errors.js';
import { errorBody, queryErrorBody } from './logAnalyticsError.js';
import { parseQueryTimespan } from './parseQueryTimespan.js';
import { serializeQueryResult } from './serializeQueryResult.js';
import type { KqlEngine } from '../kql/kqlTypes.js';

export interface QueryAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
}

export interface AnswerOptions {
  readonly now: Date;
  readonly maxRows: number;
  readonly maxBytes: number;
  /** An injected server-specific fault for this request. */
  readonly fault?: { readonly kind: 'partial'; readonly message?: string } | { readonly kind: 'tooLarge' };
}

interface Prefer {
  readonly includeStatistics: boolean;
  readonly includeRender: boolean;
}

/** Parses the `Prefer` header (`wait=N,include-statistics=true,include-render=true`). */
export function parsePrefer(header: string | undefined): Prefer {
  const parts = (header ?? '').split(',').map((p) => p.trim().toLowerCase());
  return { includeStatistics: parts.includes('include-statistics=true'), includeRender: parts.includes('include-render=true') };
}

function partialError(detailCode: string, message: string): unknown {
  return {
    code: 'PartialError',
    message: 'There were some errors when processing your query.',
    details: [{ code: 'EngineError', message, innererror: { code: detailCode, message, severity: 2, severityName: 'Error' } }],
  };
}

/**
 * Query warnings (e.g. a fuzzy union's unresolved legs) as the query API carries a non-fatal problem: HTTP 200 with the
 * tables and an `error` (response-format docs); each warning is a detail whose innererror has severity "Warning"
 * (azure-sdk-for-python#25137 shows warnings travel this way). The detail code is [inferred].
 */
function warningError(warnings: readonly string[]): unknown {
  return {
    code: 'PartialError',
    message: 'There were some errors when processing your query.',
    details: warnings.map((message) => ({
      code: 'EngineError',
      message,
      innererror: { code: 'UnresolvedFuzzyUnionLeg', message, severity: 3, severityName: 'Warning' },
    })),
  };
}

/** Runs `request` (`{ query, timespan? }`) and shapes the service's answer. */
export function answerQuery(engine: KqlEngine, request: unknown, preferHeader: string | undefined, options: AnswerOptions): QueryAnswer {
  const r = request as { query?: unknown; timespan?: unknown } | undefined;
  if (!r || typeof r !== 'object' || typeof r.query !== 'string' || r.query.trim() === '') {
    return {
      status: 400,
      body: errorBody('BadArgumentError', 'The request had some invalid properties: query is required', {
        code: 'QueryValidationError',
        message: 'Query is missing or empty',
      }),
      headers: {},
    };
  }
  const query = r.query;
  const prefer = parsePrefer(preferHeader);
  const started = performance.now();
  let serialized: ReturnType<typeof serializeQueryResult>;
  let warnings: readonly string[] = [];
  try {
    const timespan = typeof r.timespan === 'string' && r.timespan !== '' ? parseQueryTimespan(r.timespan, options.now) : undefined;
    const result = engine.run(query, { now: options.now, ...(timespan ? { timespan } : {}) });
    warnings = result.warnings ?? [];
    // A forced "too large" cuts the first table in half, as if the cap sat there.
    const maxRows = options.fault?.kind === 'tooLarge' ? Math.min(options.maxRows, Math.floor((result.tables[0]?.rows.length ?? 0) / 2)) : options.maxRows;
    serialized = serializeQueryResult(result, { maxRows, maxBytes: options.maxBytes });
  } catch (error) {
    if (error instanceof QueryError) return { status: 400, body: queryErrorBody(error, query), headers: {} };
    if (error instanceof HunterError) {
      return {
        status: 400,
        body: errorBody('BadArgumentError', `The request had some invalid properties: ${error.message}`, { code: 'QueryValidationError', message: error.message }),
        headers: {},
      };
    }
    return { status: 500, body: errorBody('InternalServerError', `Local engine failure: ${(error as Error).message}`), headers: {} };
  }
  const body: Record<string, unknown> = { tables: serialized.tables };
  if (options.fault?.kind === 'partial') {
    // Partial failure: keep the first half of each table's rows, as if a shard failed mid-query.
    for (const t of serialized.tables) t.rows = t.rows.slice(0, Math.floor(t.rows.length / 2));
    body['error'] = partialError('PartialQueryFailure', options.fault.message ?? 'Injected partial failure: a shard did not answer');
  } else if (serialized.truncation) {
    // Kusto's result truncation is a partial failure: HTTP 200, the rows that fit, and the reason.
    body['error'] = partialError('E_QUERY_RESULT_SET_TOO_LARGE', serialized.truncation);
  } else if (warnings.length > 0) {
    body['error'] = warningError(warnings);
  }
  if (prefer.includeStatistics) {
    body['statistics'] = {
      query: {
        executionTime: (performance.now() - started) / 1000,
        datasetStatistics: serialized.tables.map((t) => ({ tableRowCount: t.rows.length, tableSize: serialized.bytes })),
      },
    };
  }
  if (prefer.includeRender) body['render'] = {};
  const applied = [prefer.includeStatistics ? 'include-statistics=true' : '', prefer.includeRender ? 'include-render=true' : ''].filter((p) => p).join(',');
  return { status: 200, body, headers: applied ? { 'preference-applied': applied } : {} };
}
