/** Everything an error says about itself (code, message, nested details), for recognising the too-large case. */
export function errorText(error: unknown, depth = 0): string {
  if (depth > 5 || error === null || typeof error !== 'object') return typeof error === 'string' ? error : '';
  const e = error as Record<string, unknown>;
  const parts = [e['code'], e['message']].filter((v) => typeof v === 'string') as string[];
  for (const key of ['details', 'innererror', 'innerError', 'error']) {
    const inner = e[key];
    if (Array.isArray(inner)) for (const d of inner) parts.push(errorText(d, depth + 1));
    else if (inner) parts.push(errorText(inner, depth + 1));
  }
  return parts.join(' ');
}

/**
 * True when the service refused or truncated a result for its size (500,000 rows or about 64 MB).
 * NOTE: the service reports this as a partial error on a 200 (E_QUERY_RESULT_SET_TOO_LARGE / "exceeded the limit"),
 * while some gateways answer 4xx; both shapes are recognised by code and message.
 */
export function isResultTooLarge(error: unknown): boolean {
  return /E_QUERY_RESULT_SET_TOO_LARGE|ResultTooLarge|result set (is )?too large|too large|exceed(s|ed)? .*(limit|size)|truncat/i.test(
    errorText(error),
  );
}
