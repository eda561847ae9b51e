import type { HttpResponseInit } from '@azure/functions';
import {
  ConfigError,
  IdempotencyKeyReusedError,
  InputError,
  QueryError,
  RunInProgressError,
  ServiceError,
  TooManyRequestsError,
  describeError,
} from '../errors.js';

/**
 * Map an error to the HTTP answer a playbook can act on: 400 names the bad field, 409 means try later, 422 an idempotency
 * key reused for another request, 429 a limit (named, with Retry-After),
 * 502 means a service the hunt depends on failed, 500 is a fault of this app (its configuration included).
 * Bodies carry a message and never a stack trace.
 */
export function errorResponse(error: unknown): HttpResponseInit {
  const body = (status: number, code: string, extra: Record<string, unknown> = {}): HttpResponseInit => ({
    status,
    jsonBody: { error: { code, message: describeError(error), ...extra } },
  });
  if (error instanceof InputError) return body(400, 'BadRequest', { field: error.field });
  if (error instanceof IdempotencyKeyReusedError) return body(422, 'IdempotencyKeyReused', { field: error.field });
  if (error instanceof TooManyRequestsError) {
    return { ...body(429, 'TooManyRequests', { limit: error.limit }), headers: { 'Retry-After': String(error.retryAfterSeconds) } };
  }
  if (error instanceof RunInProgressError) return body(409, 'RunInProgress');
  if (error instanceof ConfigError) return body(500, 'InvalidConfiguration', { settings: error.problems.map((p) => p.setting) });
  if (error instanceof QueryError) return body(502, 'QueryFailed');
  if (error instanceof ServiceError) return body(502, 'ServiceFailed', error.statusCode ? { statusCode: error.statusCode } : {});
  return body(500, 'InternalError');
}
