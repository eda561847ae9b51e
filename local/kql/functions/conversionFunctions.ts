/**
 * Type conversions (`tostring`, `toint`, `todatetime`, `parse_json`, `parse_xml`, …), per the Kusto scalar function docs: a value
 * that does not convert gives null.
 */
import { mapScalars } from '../compiledScalar.js';
import { coerceTo, parseDatetime, parseTimespan, toNumber } from '../kqlValues.js';
import { xmlToDynamic } from '../xmlToDynamic.js';
import { stringArg as str, type ScalarFunctions } from './functionSupport.js';
import type { KqlType } from '../kqlTypes.js';

/** A number truncated toward zero; null when it is not a finite number. */
function toInteger(value: unknown, type: KqlType): number | null {
  const n = toNumber(value, type);
  return n === null || !Number.isFinite(n) ? null : Math.trunc(n);
}

function parseJson(value: unknown, type: KqlType): unknown {
  if (type !== 'string') return value;
  const text = value as string;
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export const conversionFunctions: ScalarFunctions = {
  tostring: (a) => mapScalars(a, 'string', (v) => str(a, v, 0)),
  toint: (a) => mapScalars(a, 'int', ([v]) => toInteger(v, a[0]!.type)),
  tolong: (a) => mapScalars(a, 'long', ([v]) => toInteger(v, a[0]!.type)),
  todouble: (a) => mapScalars(a, 'real', ([v]) => toNumber(v, a[0]!.type)),
  toreal: (a) => mapScalars(a, 'real', ([v]) => toNumber(v, a[0]!.type)),
  // decimal is held as a JS number (see kqlTypes.ts), so todecimal converts as todouble does.
  todecimal: (a) => mapScalars(a, 'decimal', ([v]) => toNumber(v, a[0]!.type)),
  tobool: (a) => mapScalars(a, 'bool', ([v]) => coerceTo(v, 'bool')),
  todatetime: (a) =>
    mapScalars(a, 'datetime', ([v]) =>
      v === null ? null : a[0]!.type === 'datetime' ? v : typeof v === 'string' ? parseDatetime(v) : null,
    ),
  totimespan: (a) =>
    mapScalars(a, 'timespan', ([v]) =>
      v === null ? null : a[0]!.type === 'timespan' ? v : typeof v === 'string' ? parseTimespan(v) : null,
    ),
  parse_json: (a) => mapScalars(a, 'dynamic', ([v]) => parseJson(v, a[0]!.type)),
  todynamic: (a) => mapScalars(a, 'dynamic', ([v]) => parseJson(v, a[0]!.type)),
  // parse_xml (https://learn.microsoft.com/kusto/query/parse-xml-function): XML text as dynamic; null when not XML.
  parse_xml: (a) => mapScalars(a, 'dynamic', (v) => xmlToDynamic(str(a, v, 0))),
};
