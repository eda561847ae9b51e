/**
 * Clock and rounding functions (`ago`, `now`, `bin`/`floor`, `startofday`), per the Kusto scalar function docs. now()
 * is the query's fixed clock reading, so every call in one query agrees.
 */
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

export const datetimeFunctions: ScalarFunctions = {
  ago: (a, _n, ctx) => mapScalars(a, 'datetime', ([t]) => (t === null ? null : ctx.nowMs - (t as number) / TICKS_PER_MS)),
  now: (a, _n, ctx) =>
    a.length === 0
      ? constantScalar(ctx.nowMs, 'datetime')
      : mapScalars(a, 'datetime', ([t]) => (t === null ? null : ctx.nowMs + (t as number) / TICKS_PER_MS)),
  bin: (a) => mapScalars(a, a[0]!.type, ([v, size]) => binValue(v, size, a[0]!.type)),
  floor: (a) => mapScalars(a, a[0]!.type, ([v, size]) => binValue(v, size, a[0]!.type)),
  startofday: (a) => mapScalars(a, 'datetime', ([v]) => binValue(v, 864_000_000_000, 'datetime')),
};
