import {
  conditionsOf,
  exclusionConditionKeys,
  exclusionConditions,
  type ExclusionConditionValues,
} from './conditions/exclusionConditions.js';
import { parseCidrEntry, type CidrEntry } from './parseCidrEntry.js';
import { parseExpiry } from './parseExpiry.js';

/**
 * Exclusions as configured, validated but not yet compiled into a matcher (see compileExclusions).
 * Syntax (README "Exclusions"):
 * - EXCLUDED_CIDRS: comma-, space- or newline-separated CIDRs (`10.0.0.0/8`, `2001:db8::/32`), single addresses
 *   (`168.63.129.16`, `::1`), or the seed query's dotted prefixes (`10.1.` = 10.1.0.0/16) for users migrating from it.
 * - EXCLUSION_RULES: a JSON array of rules; a rule excludes a sighting when every condition it has matches, e.g.
 *   `{ "ip": "CIDR or address", "process": "glob", "host": "glob", "account": "glob", "commandLine": "RE2 regex",
 *      "reason": "why", "expires": "2026-12-31" }`. The conditions and their syntax are listed in
 *   conditions/exclusionConditions.ts. A condition on a field the sighting lacks (no host, no account) does not match.
 *   Rules apply per sighting (address × host × account, see aggregateFindings); EXCLUDED_CIDRS remove the address
 *   everywhere.
 * - IPv4 is written as four decimal octets: inet_aton forms (`10.1/16`, `010.0.0.0/8`) are refused, not guessed.
 */

/** A validated rule: the value of each condition it has, plus its position, reason and expiry. */
export type ExclusionRuleInput = ExclusionConditionValues & {
  /** Position in EXCLUSION_RULES (or in a request's extra exclusions), for messages. */
  readonly id: string;
  readonly reason?: string;
  readonly expires?: Date;
};

export interface ExclusionInput {
  readonly cidrs: readonly CidrEntry[];
  readonly rules: readonly ExclusionRuleInput[];
}

/** Why part of the rules cannot be used, and where: a path within the rules value (`[2].host`, `[2]`, or '' for the value itself). */
export interface ExclusionProblem {
  readonly path: string;
  readonly message: string;
}

export const emptyExclusionInput: ExclusionInput = Object.freeze({ cidrs: [], rules: [] });

/** `[2].host: message`, or the message alone for a problem with the whole value. */
export function formatExclusionProblem(problem: ExclusionProblem): string {
  return problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`;
}

/** Split a list setting on commas, whitespace and newlines; empty items (the seed's `dynamic([""])`) are skipped. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim().replace(/^["']|["']$/g, ''))
    .filter((s) => s !== '');
}

/** Parse the EXCLUDED_CIDRS text. Problems are messages without the setting name. */
export function parseCidrList(text: string): { cidrs: CidrEntry[]; problems: string[] } {
  const cidrs: CidrEntry[] = [];
  const problems: string[] = [];
  for (const item of splitList(text)) {
    const entry = parseCidrEntry(item);
    if (typeof entry === 'string') problems.push(entry);
    else cidrs.push(entry);
  }
  return { cidrs, problems };
}

const RULE_KEYS = [...exclusionConditionKeys, 'reason', 'expires'];

/**
 * Validate rules given as parsed JSON (from EXCLUSION_RULES or an HTTP body). Rule ids are `idPrefix[i]`
 * (`EXCLUSION_RULES[2]`); each problem carries its path within the value (`[2].commandLine`) apart from its message, so
 * callers name the setting or body field without reading the message.
 */
export function parseExclusionRules(value: unknown, idPrefix: string): { rules: ExclusionRuleInput[]; problems: ExclusionProblem[] } {
  const rules: ExclusionRuleInput[] = [];
  const problems: ExclusionProblem[] = [];
  if (!Array.isArray(value)) return { rules, problems: [{ path: '', message: 'must be a JSON array of rule objects' }] };
  value.forEach((raw, i) => {
    const at = `[${i}]`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push({ path: at, message: 'must be an object' });
      return;
    }
    const obj = raw as Record<string, unknown>;
    const before = problems.length;
    for (const key of Object.keys(obj)) {
      if (!RULE_KEYS.includes(key)) problems.push({ path: at, message: `unknown key "${key}" (expected one of ${RULE_KEYS.join(', ')})` });
    }
    const str = (key: string): string | undefined => {
      const v = obj[key];
      if (v === undefined) return undefined;
      if (typeof v !== 'string' || v.trim() === '') {
        problems.push({ path: `${at}.${key}`, message: 'must be a non-empty string' });
        return undefined;
      }
      return v;
    };
    const rule: Record<string, unknown> = { id: `${idPrefix}${at}` };
    for (const condition of exclusionConditions) {
      const text = str(condition.key);
      if (text === undefined) continue;
      const parsed = condition.parse(text);
      if ('problem' in parsed) problems.push({ path: `${at}.${condition.key}`, message: parsed.problem });
      else rule[condition.key] = parsed.value;
    }
    const reason = str('reason');
    if (reason !== undefined) rule['reason'] = reason;
    const expiresText = str('expires');
    if (expiresText !== undefined) {
      const expires = parseExpiry(expiresText);
      if (expires === undefined) problems.push({ path: `${at}.expires`, message: `"${expiresText}" is not an ISO-8601 date` });
      else rule['expires'] = expires;
    }
    if (problems.length > before) return;
    const valid = rule as ExclusionRuleInput;
    if (conditionsOf(valid).length === 0) {
      problems.push({ path: at, message: `needs at least one condition (${exclusionConditionKeys.join(', ')})` });
      return;
    }
    rules.push(Object.freeze(valid));
  });
  return { rules, problems };
}
