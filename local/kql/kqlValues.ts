/**
 * Conversions and comparisons over the engine's internal value model (see kqlTypes.ts).
 */
import type { KqlType } from './kqlTypes.js';

/** 100 ns ticks per millisecond. */
export const TICKS_PER_MS = 10_000;

/** The value a missing cell of this type holds: "" for strings, null otherwise. */
export function defaultValue(type: KqlType): unknown {
  return type === 'string' ? '' : null;
}

const ISO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Parses ISO-8601 text (no zone means UTC, as in Kusto) to epoch ms, or null. */
export function parseDatetime(text: string): number | null {
  const m = ISO_DATETIME.exec(text.trim());
  if (!m) return null;
  const fraction = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  let ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  if (Number.isNaN(ms)) return null;
  ms += Math.floor(fraction);
  const zone = m[8];
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return ms;
}

/** Coerces a table cell or JSON value to a datetime (epoch ms) or null. */
export function toDatetime(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.getTime();
  if (typeof value === 'string') return parseDatetime(value);
  return null;
}

/** ISO-8601 UTC with the fraction's trailing zeros trimmed, as Log Analytics serializes datetimes. */
export function formatDatetime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.replace(/\.?0+Z$/, 'Z');
}

/** .NET "c" format: [-][d.]hh:mm:ss[.fffffff]. */
export function formatTimespan(ticks: number): string {
  const sign = ticks < 0 ? '-' : '';
  let rest = Math.abs(Math.trunc(ticks));
  const fraction = rest % 10_000_000;
  rest = (rest - fraction) / 10_000_000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  rest = (rest - minutes) / 60;
  const hours = rest % 24;
  const days = (rest - hours) / 24;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${sign}${days ? `${days}.` : ''}${pad(hours)}:${pad(minutes)}:${pad(seconds)}${
    fraction ? `.${String(fraction).padStart(7, '0')}` : ''
  }`;
}

/** Parses a .NET "c"-format timespan to ticks, or null. */
export function parseTimespan(text: string): number | null {
  const m = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/.exec(text.trim());
  if (!m) return null;
  const ticks =
    ((Number(m[2] ?? 0) * 24 + Number(m[3])) * 3600 + Number(m[4]) * 60 + Number(m[5])) * 10_000_000 +
    Number((m[6] ?? '').padEnd(7, '0'));
  return m[1] ? -ticks : ticks;
}

/** Kusto's tostring(): null becomes "", dynamic strings lose their quotes, other dynamics become JSON text. */
export function toKqlString(value: unknown, type: KqlType): string {
  if (value === null || value === undefined) return '';
  switch (type) {
    case 'string':
      return value as string;
    case 'datetime':
      return formatDatetime(value as number);
    case 'timespan':
      return formatTimespan(value as number);
    case 'dynamic':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'bool':
      return value ? 'true' : 'false';
    default:
      return String(value);
  }
}

/**
 * A cell of a scalar column as a dynamic (JSON) value: datetime and timespan as their text, as a dynamic value holds
 * them [inferred: a dynamic has no datetime or timespan kind in its JSON form]; "" and null both stay as they are.
 */
export function toDynamicValue(value: unknown, type: KqlType): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'datetime') return formatDatetime(value as number);
  if (type === 'timespan') return formatTimespan(value as number);
  return value;
}

/** Number conversion used by toint/tolong/todouble: null when the value does not convert. */
export function toNumber(value: unknown, type: KqlType): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return type === 'datetime' ? value * TICKS_PER_MS : value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return null;
    if (/^nan$/i.test(text)) return Number.NaN;
    if (/^[+-]?infinity$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
    if (/^0x[0-9a-f]+$/i.test(text)) return null;
    const n = Number(text);
    return Number.isNaN(n) ? null : n;
  }
  return null;
}

/** Ordering of two non-null values of the same KQL type (ordinal for strings). */
export function compareNonNull(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') {
    // NaN sorts with nulls (Kusto sort docs); callers treat it as null before calling.
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const sa = JSON.stringify(a);
  const sb = JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** True for the values sort treats as "null" (null and NaN sit together). */
export function isNullish(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value));
}

/** Converts an internal cell to the value a result table carries (datetime → Date). */
export function toResultValue(value: unknown, type: KqlType): unknown {
  if (value === undefined) return defaultValue(type);
  if (type === 'datetime' && typeof value === 'number') return new Date(value);
  return value;
}

/** Coerces a dynamic (JSON) value to a cell of the given scalar type, as `to typeof(T)` and parse columns do. */
export function coerceTo(value: unknown, type: KqlType): unknown {
  if (value === null || value === undefined) return defaultValue(type);
  switch (type) {
    case 'dynamic':
      return value;
    case 'string':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'int':
    case 'long': {
      const n = typeof value === 'number' ? value : toNumber(value, 'dynamic');
      return n === null || !Number.isFinite(n) ? null : Math.trunc(n);
    }
    case 'real':
    case 'decimal':
      return typeof value === 'number' ? value : toNumber(value, 'dynamic');
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'True') return true;
      if (value === 'false' || value === 'False') return false;
      return typeof value === 'number' ? value !== 0 : null;
    case 'datetime':
      return typeof value === 'string' ? parseDatetime(value) : null;
    case 'timespan':
      return typeof value === 'string' ? parseTimespan(value) : null;
    case 'guid':
      return typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
        ? value.toLowerCase()
        : null;
  }
}
