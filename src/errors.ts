/**
 * The project's error hierarchy. Messages name the operation and its target; the original error goes in `cause`.
 * User faults (bad settings, bad requests, bad queries) are separated from system faults (a service failed).
 */

/** Base class: every error this project throws on purpose. */
export class HunterError extends Error {
  override name: string = 'HunterError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** One problem with one setting. */
export interface SettingProblem {
  readonly setting: string;
  readonly message: string;
}

/** Configuration is missing or invalid; lists every bad setting at once, each by name. */
export class ConfigError extends HunterError {
  override name = 'ConfigError' as const;
  readonly problems: readonly SettingProblem[];
  constructor(problems: readonly SettingProblem[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  ${p.setting}: ${p.message}`).join('\n'),
    );
    this.problems = problems;
  }
}

/** A caller's input (HTTP body, CLI argument) is invalid. `field` names what is wrong. */
export class InputError extends HunterError {
  override name = 'InputError' as const;
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

/** A KQL query was rejected (syntax, binding, or unsupported construct); carries the position in the query text. */
export class QueryError extends HunterError {
  override name = 'QueryError' as const;
  readonly code: string;
  readonly position: number | undefined;
  constructor(message: string, options: { code: string; position?: number; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.code = options.code;
    this.position = options.position;
  }
}

/** A remote service (Log Analytics, Sentinel, Table storage) failed. */
export class ServiceError extends HunterError {
  override name = 'ServiceError' as const;
  readonly statusCode: number | undefined;
  constructor(message: string, options?: { statusCode?: number; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.statusCode = options?.statusCode;
  }
}

/** Another hunt holds the run lock. */
export class RunInProgressError extends HunterError {
  override name = 'RunInProgressError' as const;
  /** @param until when the lock expires by itself; absent for a lock that lasts as long as its holder lives. */
  constructor(holder: string, until?: Date) {
    super(`Hunt run in progress: lock held by ${holder}${until ? ` until ${until.toISOString()}` : ''}`);
  }
}

/** Render any thrown value as one line for logs and CLI output, without a stack trace. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}

/** The HTTP status an SDK error carries (RestError.statusCode), if any. */
export function statusCodeOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * What a 403 means for the operator: the permission the app's identity lacks and where, named so it can be granted
 * (`needs`: e.g. "Microsoft.SecurityInsights/bookmarks/write on the Sentinel workspace (…role…)").
 */
export function permissionDenied(needs: string): string {
  return `permission denied: the app's identity needs ${needs}`;
}

/**
 * A failed service call as a ServiceError naming the operation, its target and the service's answer (status and code).
 * A 403 also says which permission is missing, when the caller knows (`needs`, see permissionDenied).
 */
export function serviceFailure(operation: string, target: string, error: unknown, needs?: string): ServiceError {
  const status = statusCodeOf(error);
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const answer = [status, typeof code === 'string' ? code : undefined].filter((p) => p !== undefined).join(' ');
  const denied = status === 403 && needs !== undefined ? ` (${permissionDenied(needs)})` : '';
  return new ServiceError(`${operation} ${target} failed${answer ? ` (${answer})` : ''}: ${message}${denied}`, {
    ...(status !== undefined ? { statusCode: status } : {}),
    cause: error,
  });
}

/** A request would exceed a limit that protects the service (`limit` names the setting or bound); retry later. */
export class TooManyRequestsError extends HunterError {
  override name = 'TooManyRequestsError' as const;
  readonly limit: string;
  readonly retryAfterSeconds: number;
  constructor(limit: string, message: string, retryAfterSeconds: number) {
    super(`${limit}: ${message}`);
    this.limit = limit;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** An idempotency key was sent again with a different request; `field` names where the key came from. */
export class IdempotencyKeyReusedError extends HunterError {
  override name = 'IdempotencyKeyReusedError' as const;
  readonly field: string;
  constructor(field: string, runId: string) {
    super(`${field}: run "${runId}" was requested with a different body; use a new key for a different request`);
    this.field = field;
  }
}
