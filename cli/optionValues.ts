import { InputError } from '../src/errors.js';

/** An ISO-8601 date-time option value (`2026-11-27T12:00:00Z`); the error names the option. */
export function dateOption(value: string, option: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) throw new InputError(option, `"${value}" is not an ISO-8601 date-time`);
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
