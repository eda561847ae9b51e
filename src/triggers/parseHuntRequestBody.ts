import { parseIsoDateTime } from '../config/isoDateTime.js';
import type { HunterConfig } from '../config/loadConfig.js';
import { InputError } from '../errors.js';
import { parseExclusionRules } from '../exclusions/exclusionInput.js';
import { parseCidrEntry, type CidrEntry } from '../exclusions/parseCidrEntry.js';
import { parseHuntWindow } from '../hunt/parseHuntWindow.js';
import { checkRequestExclusionLimits } from './requestExclusionLimits.js';
import type { HuntRequest } from '../hunt/runHunt.js';

const FIELDS = ['lookback', 'start', 'end', 'dryRun', 'exclusions'] as const;
const FIELD_NAMES = { lookback: 'lookback', start: 'start', end: 'end' } as const;
const EXCLUSION_FIELDS = ['cidrs', 'rules'] as const;

function isoDate(value: unknown, field: string): Date {
  const date = typeof value === 'string' ? parseIsoDateTime(value) : undefined;
  if (date === undefined) {
    throw new InputError(field, 'must be an ISO-8601 date-time of a real calendar day with a time zone, e.g. 2026-11-27T08:00:00Z');
  }
  return date;
}

/**
 * Validate the body of `POST /api/hunt` into a HuntRequest; throws InputError naming the first bad field.
 * Body: `{ "lookback": "PT6H" } | { "start": ISO, "end": ISO }`, optional `"dryRun": true` and
 * `"exclusions": { "cidrs": ["…"], "rules": [{…}] }` (this run only). An empty body hunts HUNT_FIRST_LOOKBACK back from now.
 */
export function parseHuntRequestBody(body: unknown, config: HunterConfig, now: Date): HuntRequest {
  if (body === undefined || body === null) body = {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new InputError('body', 'must be a JSON object');
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (!(FIELDS as readonly string[]).includes(key)) throw new InputError(key, `is not a known field (expected ${FIELDS.join(', ')})`);
  }
  const maxMs = config.window.maxWindowMs;
  const request: { -readonly [K in keyof HuntRequest]: HuntRequest[K] } = { trigger: 'http' };

  const window = parseHuntWindow(b, { names: FIELD_NAMES, limits: { maxWindowMs: maxMs, now }, readDate: isoDate });
  if (window.window) request.window = window.window;
  else request.lookbackMs = window.lookbackMs ?? Math.min(config.window.firstLookbackMs, maxMs);

  if (b['dryRun'] !== undefined) {
    if (typeof b['dryRun'] !== 'boolean') throw new InputError('dryRun', 'must be true or false');
    request.dryRun = b['dryRun'];
  }

  if (b['exclusions'] !== undefined) {
    const ex = b['exclusions'];
    if (ex === null || typeof ex !== 'object' || Array.isArray(ex)) throw new InputError('exclusions', 'must be an object with cidrs and/or rules');
    const e = ex as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      if (!(EXCLUSION_FIELDS as readonly string[]).includes(key)) throw new InputError(`exclusions.${key}`, `is not a known field (expected ${EXCLUSION_FIELDS.join(', ')})`);
    }
    checkRequestExclusionLimits(e);
    const cidrs: CidrEntry[] = [];
    if (e['cidrs'] !== undefined) {
      if (!Array.isArray(e['cidrs'])) throw new InputError('exclusions.cidrs', 'must be an array of CIDRs or addresses');
      e['cidrs'].forEach((c, i) => {
        const entry = typeof c === 'string' ? parseCidrEntry(c) : 'must be a string';
        if (typeof entry === 'string') throw new InputError(`exclusions.cidrs[${i}]`, entry);
        cidrs.push(entry);
      });
    }
    let rules: ReturnType<typeof parseExclusionRules>['rules'] = [];
    if (e['rules'] !== undefined) {
      const parsed = parseExclusionRules(e['rules'], 'request.exclusions.rules');
      const first = parsed.problems[0];
      if (first !== undefined) throw new InputError(`exclusions.rules${first.path}`, first.message);
      rules = parsed.rules;
    }
    request.extraExclusions = { cidrs, rules };
  }
  return request;
}
