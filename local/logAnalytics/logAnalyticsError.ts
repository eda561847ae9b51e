import { QueryError } from '../../src/errors.js';

let counter = 0;

/** A deterministic request/correlation id (the service sends GUIDs). */
export function nextCorrelationId(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
}

/** `{"error":{"code","message","correlationId","innererror"?}}`, the service's error envelope. */
export function errorBody(code: string, message: string, innererror?: unknown): { error: Record<string, unknown> } {
  return { error: { code, message, correlationId: nextCorrelationId(), ...(innererror ? { innererror } : {}) } };
}

/**
 * A rejected query as the service reports it: 400 `BadArgumentError` whose innererror is a `SyntaxError` or
 * `SemanticError` with the diagnostic (code, message, line, pos). Unlike the service, the top-level message also
 * carries the diagnostic and its position, because that message is all `RestError.message` shows.
 */
export function queryErrorBody(error: QueryError, query: string): { error: Record<string, unknown> } {
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
