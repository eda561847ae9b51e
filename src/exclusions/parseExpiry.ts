import { parseIsoDate, parseIsoDateTime } from '../config/isoDateTime.js';

const DAY_MS = 86_400_000;

/**
 * Read an exclusion's expiry: an ISO-8601 date-time with a time zone, or a date meaning the end of that day (UTC), so a
 * rule that "expires 2026-12-31" still applies on that day. Returns undefined when the text is not such a date; "1",
 * "12/31/2027" and impossible days like 2027-02-30 are refused rather than guessed at.
 */
export function parseExpiry(text: string): Date | undefined {
  const day = parseIsoDate(text);
  if (day !== undefined) return new Date(day.getTime() + DAY_MS - 1);
  return parseIsoDateTime(text);
}
