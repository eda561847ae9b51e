import { InputError } from '../errors.js';

/**
 * A KQL string literal for `value`. Backslashes and double quotes are escaped; control characters (newlines included),
 * which no process name or setting needs, are rejected rather than encoded, so nothing can end the literal or the statement.
 * @param field names the setting or request field in the error.
 */
export function kqlString(value: string, field: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\u2028\u2029]/u.test(value)) {
    throw new InputError(field, `${JSON.stringify(value)} contains a control character or line break`);
  }
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `dynamic([...])` of KQL string literals. */
export function kqlStringArray(values: readonly string[], field: string): string {
  return `dynamic([${values.map((v) => kqlString(v, field)).join(', ')}])`;
}
