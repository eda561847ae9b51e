import { InputError } from '../errors.js';
import { exclusionConditions } from '../exclusions/conditions/exclusionConditions.js';

/**
 * Bounds on the exclusions one `POST /api/hunt` may bring. Rules from a request are compiled per request and matched
 * against every sighting, so an unbounded body is a denial of service (a 252 KB body of RE2 rules once took 30 s and 2 GB
 * to validate and compile). Standing exclusions belong in EXCLUDED_CIDRS, EXCLUSION_RULES or EXCLUSION_WATCHLIST.
 */
export const REQUEST_EXCLUSION_LIMITS = Object.freeze({
  cidrs: 1000,
  rules: 50,
  /** Characters of one condition value (a glob, a pattern, an address). */
  valueChars: 1000,
  /** Compiled size of all the request's conditions together: RE2 program instructions (others count 1 each). */
  compiledSize: 2000,
});

/**
 * Check the size of a request's `exclusions` before anything in it is parsed or compiled; throws InputError naming the
 * field and the limit. Costs are summed rule by rule and the check stops at the first rule over the bound, so a hostile
 * body costs at most the bound to reject.
 */
export function checkRequestExclusionLimits(exclusions: Record<string, unknown>): void {
  const limits = REQUEST_EXCLUSION_LIMITS;
  const cidrs = exclusions['cidrs'];
  if (Array.isArray(cidrs) && cidrs.length > limits.cidrs) {
    throw new InputError('exclusions.cidrs', `has ${cidrs.length} entries; a request may bring at most ${limits.cidrs} (put standing ones in EXCLUDED_CIDRS or EXCLUSION_WATCHLIST)`);
  }
  const rules = exclusions['rules'];
  if (!Array.isArray(rules)) return;
  if (rules.length > limits.rules) {
    throw new InputError('exclusions.rules', `has ${rules.length} rules; a request may bring at most ${limits.rules} (put standing ones in EXCLUSION_RULES)`);
  }
  let size = 0;
  rules.forEach((rule: unknown, i) => {
    if (rule === null || typeof rule !== 'object') return;
    for (const [key, value] of Object.entries(rule as Record<string, unknown>)) {
      if (typeof value === 'string' && value.length > limits.valueChars) {
        throw new InputError(`exclusions.rules[${i}].${key}`, `is ${value.length} characters long; at most ${limits.valueChars}`);
      }
    }
    for (const condition of exclusionConditions) {
      const value = (rule as Record<string, unknown>)[condition.key];
      if (typeof value !== 'string') continue;
      size += condition.compiledSize?.(value) ?? 1;
      if (size > limits.compiledSize) {
        throw new InputError(
          `exclusions.rules[${i}].${condition.key}`,
          `brings the compiled size of this request's rules to ${size}; at most ${limits.compiledSize} (simpler patterns, or EXCLUSION_RULES)`,
        );
      }
    }
  });
}
