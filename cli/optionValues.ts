import { parseIsoDate, parseIsoDateTime } from '../src/config/isoDateTime.js';
import { InputError } from '../src/errors.js';

/** An ISO-8601 date-time with a time zone (`2026-11-27T12:00:00Z`), or a date alone meaning its UTC midnight; the error names the option. */
export function dateOption(value: string, option: string): Date {
  const date = parseIsoDateTime(value) ?? parseIsoDate(value);
  if (date === undefined) throw new InputError(option, `"${value}" is not an ISO-8601 date-time with a time zone (e.g. 2026-11-27T12:00:00Z) on a real calendar day`);
  return date;
}

/** A whole-number option value of at least `min`; without `fallback` the option is required. */
export function integerOption(value: string | undefined, option: string, limits: { min: number; fallback?: number }): number {
  if (value === undefined) {
    if (limits.fallback === undefined) throw new InputError(option, 'is required');
    return limits.fallback;
  }
  if (!/^\d+$/.test(value) || Number(value) < limits.min) throw new InputError(option, `"${value}" is not a whole number of at least ${limits.min}`);
  return Number(value);
}
