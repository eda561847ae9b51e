/**
 * Clock, rounding and calendar functions (`ago`, `now`, `bin`/`floor`, `startofday`, `datetime_diff`, `hourofday`,
 * `dayofweek`), per the Kusto scalar function docs. now()
 * is the query's fixed clock reading, so every call in one query agrees.
 */
import { unsupported } from '../compileContext.js';
import { constantScalar, mapScalars } from '../compiledScalar.js';
import { TICKS_PER_MS } from '../kqlValues.js';
import type { KqlType } from '../kqlTypes.js';
import type { ScalarFunctions } from './functionSupport.js';

/** Epoch (1970-01-01) as milliseconds since 0001-01-01, the origin Kusto bins datetimes against. */
const EPOCH_OFFSET_MS = 62_135_596_800_000;

function binValue(value: unknown, size: unknown, valueType: KqlType): unknown {
  if (value === null || size === null || typeof size !== 'number' || size <= 0) return null;
  const v = value as number;
  if (valueType === 'datetime') {
    const sizeMs = size / TICKS_PER_MS;
    return Math.floor((v + EPOCH_OFFSET_MS) / sizeMs) * sizeMs - EPOCH_OFFSET_MS;
  }
  return Math.floor(v / size) * size;
}

const MS_PER_DAY = 86_400_000;

/** Units datetime_diff counts by truncating both datetimes to the unit (epoch 1970-01-01 is a unit boundary for each). */
const FIXED_UNITS_MS: Readonly<Record<string, number>> = { day: MS_PER_DAY, hour: 3_600_000, minute: 60_000, second: 1000, millisecond: 1 };

/**
 * datetime_diff (https://learn.microsoft.com/kusto/query/datetime-diff-function): the number of calendar period
 * boundaries between datetime2 and datetime1 (datetime1 − datetime2), e.g. 'day' counts midnights, 'week' Sundays.
 * Sub-millisecond parts multiply the millisecond difference (datetimes hold milliseconds here).
 */
function datetimeDiff(part: string, d1: number, d2: number): number | null {
  const unit = part.toLowerCase();
  const fixed = FIXED_UNITS_MS[unit];
  if (fixed) return Math.floor(d1 / fixed) - Math.floor(d2 / fixed);
  if (unit === 'microsecond') return (d1 - d2) * 1000;
  if (unit === 'nanosecond') return (d1 - d2) * 1_000_000;
  // 1970-01-01 was a Thursday: shifting by 4 days puts week boundaries on Sundays.
  if (unit === 'week') return Math.floor((d1 + 4 * MS_PER_DAY) / (7 * MS_PER_DAY)) - Math.floor((d2 + 4 * MS_PER_DAY) / (7 * MS_PER_DAY));
  const a = new Date(d1);
  const b = new Date(d2);
  const months = (a.getUTCFullYear() - b.getUTCFullYear()) * 12 + (a.getUTCMonth() - b.getUTCMonth());
  if (unit === 'month') return months;
  if (unit === 'year') return a.getUTCFullYear() - b.getUTCFullYear();
  if (unit === 'quarter') return (a.getUTCFullYear() * 4 + Math.floor(a.getUTCMonth() / 3)) - (b.getUTCFullYear() * 4 + Math.floor(b.getUTCMonth() / 3));
  return null;
}

export const datetimeFunctions: ScalarFunctions = {
  ago: (a, _n, ctx) => mapScalars(a, 'datetime', ([t]) => (t === null ? null : ctx.nowMs - (t as number) / TICKS_PER_MS)),
  now: (a, _n, ctx) =>
    a.length === 0
      ? constantScalar(ctx.nowMs, 'datetime')
      : mapScalars(a, 'datetime', ([t]) => (t === null ? null : ctx.nowMs + (t as number) / TICKS_PER_MS)),
  bin: (a) => mapScalars(a, a[0]!.type, ([v, size]) => binValue(v, size, a[0]!.type)),
  floor: (a) => mapScalars(a, a[0]!.type, ([v, size]) => binValue(v, size, a[0]!.type)),
  startofday: (a) => mapScalars(a, 'datetime', ([v]) => binValue(v, 864_000_000_000, 'datetime')),
  datetime_diff: (a, node, ctx) => {
    const part = a[0]!.constant?.value;
    if (typeof part !== 'string' || datetimeDiff(part, 0, 0) === null) unsupported(ctx, `datetime_diff part '${String(part)}'`, node);
    return mapScalars(a, 'long', ([p, d1, d2]) => (typeof d1 === 'number' && typeof d2 === 'number' ? datetimeDiff(p as string, d1, d2) : null));
  },
  // hourofday (https://learn.microsoft.com/kusto/query/hour-of-day-function): the UTC hour, 0–23.
  hourofday: (a) => mapScalars(a, 'int', ([v]) => (typeof v === 'number' ? new Date(v).getUTCHours() : null)),
  // dayofweek (https://learn.microsoft.com/kusto/query/day-of-week-function): days since the preceding Sunday, as a timespan.
  dayofweek: (a) => mapScalars(a, 'timespan', ([v]) => (typeof v === 'number' ? new Date(v).getUTCDay() * MS_PER_DAY * TICKS_PER_MS : null)),
};
