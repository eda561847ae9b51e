/**
 * Strict ISO-8601 (RFC 3339 profile) date-times. `new Date(text)` accepts far more ("1", "12/31/2027") and rolls an
 * impossible day over into the next month (2027-02-30 becomes 2 March), so a typo would silently move a window or an
 * expiry; these readers accept only calendar-valid dates written in full.
 */

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/i;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** A date-time with a time zone (`2026-11-27T08:00:00Z`, `2026-11-27T09:00+01:00`); undefined when not one or not a real instant. */
export function parseIsoDateTime(text: string): Date | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  if (!validDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A calendar date alone (`2026-12-31`) as its first instant, UTC; undefined when not one or not a real day. */
export function parseIsoDate(text: string): Date | undefined {
  const m = DATE_ONLY.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [m[1], m[2], m[3]].map(Number) as [number, number, number];
  return validDate(year, month, day) ? new Date(Date.UTC(year, month - 1, day)) : undefined;
}
