/** How a check came out: `fail` needs fixing before the app can hunt, `warn` deserves a look. */
export type CheckStatus = 'ok' | 'warn' | 'fail';

/** One check of the first-run self-check; `detail` says what was found and, when not ok, what to do. */
export interface DoctorCheck {
  readonly name: string;
  readonly status: CheckStatus;
  readonly detail: string;
}

/** True when any check failed: the CLI exits non-zero and the HTTP endpoint answers 503. */
export function anyFailed(checks: readonly DoctorCheck[]): boolean {
  return checks.some((c) => c.status === 'fail');
}
