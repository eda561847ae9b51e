import { InputError } from '../../src/errors.js';

const DURATION = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** An ISO-8601 duration (`P1D`, `PT1H30M`, `P2W`) in milliseconds. */
export function parseIsoDuration(text: string): number {
  const m = DURATION.exec(text.trim());
  if (!m || text.trim().toUpperCase() === 'P' || text.trim().toUpperCase().endsWith('T')) {
    throw new InputError('timespan', `"${text}" is not an ISO-8601 duration`);
  }
  const [w, d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0));
  return ((((w! * 7 + d!) * 24 + h!) * 60 + min!) * 60 + s!) * 1000;
}

function parseInstant(text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new InputError('timespan', `"${text}" is not an ISO-8601 date-time`);
  return ms;
}

/**
 * The request's `timespan` as [start, end): `start/end`, `start/duration`, `duration/end`, or a bare duration that ends
 * now (as the SDK's `{ duration }` form means).
 */
export function parseQueryTimespan(text: string, now: Date): { start: Date; end: Date } {
  const parts = text.split('/');
  if (parts.length === 1) {
    const end = now.getTime();
    return { start: new Date(end - parseIsoDuration(parts[0]!)), end: new Date(end) };
  }
  if (parts.length !== 2) throw new InputError('timespan', `"${text}" is not an ISO-8601 interval`);
  const [a, b] = parts as [string, string];
  const aIsDuration = /^P/i.test(a.trim());
  const bIsDuration = /^P/i.test(b.trim());
  if (aIsDuration && bIsDuration) throw new InputError('timespan', `"${text}" has no anchor date-time`);
  if (aIsDuration) {
    const end = parseInstant(b);
    return { start: new Date(end - parseIsoDuration(a)), end: new Date(end) };
  }
  const start = parseInstant(a);
  const end = bIsDuration ? start + parseIsoDuration(b) : parseInstant(b);
  return { start: new Date(start), end: new Date(end) };
}
