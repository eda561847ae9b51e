/**
 * Read an exclusion's expiry: an ISO-8601 date-time, or a date meaning the end of that day (UTC), so a rule that
 * "expires 2026-12-31" still applies on that day. Returns undefined when the text is not a date.
 */
export function parseExpiry(text: string): Date | undefined {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T23:59:59.999Z` : text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
