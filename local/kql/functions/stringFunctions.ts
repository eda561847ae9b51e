/**
 * String functions (`strlen`, `strcat`, `substring`, `split`, `parse_path`, …), per the Kusto scalar function docs.
 */
import { unsupported } from '../compileContext.js';
import { mapScalars } from '../compiledScalar.js';
import { parsePath } from '../parsePath.js';
import { stringArg as str, type ScalarFunctions } from './functionSupport.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const stringFunctions: ScalarFunctions = {
  strlen: (a) => mapScalars(a, 'long', (v) => str(a, v, 0).length),
  tolower: (a) => mapScalars(a, 'string', (v) => str(a, v, 0).toLowerCase()),
  toupper: (a) => mapScalars(a, 'string', (v) => str(a, v, 0).toUpperCase()),
  strcat: (a) => mapScalars(a, 'string', (v) => v.map((_, i) => str(a, v, i)).join('')),
  split: (a) =>
    mapScalars(a, 'dynamic', (v) => {
      const parts = str(a, v, 0).split(str(a, v, 1));
      if (v.length < 3) return parts;
      const i = v[2] as number | null;
      if (i === null) return null;
      const part = parts[i < 0 ? parts.length + i : i];
      return part === undefined ? [] : [part];
    }),
  substring: (a) =>
    mapScalars(a, 'string', (v) => {
      const s = str(a, v, 0);
      const start = Math.max(0, (v[1] as number | null) ?? 0);
      const length = v.length > 2 ? (v[2] as number | null) : null;
      return length === null ? s.slice(start) : s.slice(start, start + Math.max(0, length));
    }),
  indexof: (a, node, ctx) => {
    if (a.length > 3) unsupported(ctx, 'indexof with length or occurrence arguments', node);
    return mapScalars(a, 'long', (v) => {
      const s = str(a, v, 0);
      const start = v.length > 2 ? ((v[2] as number | null) ?? 0) : 0;
      if (start < 0 || start > s.length) return null;
      return s.indexOf(str(a, v, 1), start);
    });
  },
  replace_string: (a) =>
    mapScalars(a, 'string', (v) => {
      const lookup = str(a, v, 1);
      return lookup === '' ? str(a, v, 0) : str(a, v, 0).split(lookup).join(str(a, v, 2));
    }),
  // parse_path (https://learn.microsoft.com/kusto/query/parse-path-function): the parts of a file path as a bag.
  parse_path: (a) => mapScalars(a, 'dynamic', (v) => ({ ...parsePath(str(a, v, 0)) })),
  base64_decode_tostring: (a) =>
    mapScalars(a, 'string', (v) => {
      const s = str(a, v, 0);
      if (!BASE64.test(s) || s.length % 4 === 1) return '';
      return Buffer.from(s, 'base64').toString('utf8');
    }),
};
