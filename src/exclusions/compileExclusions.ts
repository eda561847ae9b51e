import { CidrSet } from './CidrSet.js';
import { conditionsOf, type Sighting } from './conditions/exclusionConditions.js';
import type { ExclusionInput, ExclusionRuleInput } from './exclusionInput.js';

export interface ExclusionMatch {
  /** The rule as written in configuration, e.g. `EXCLUDED_CIDRS 10.0.0.0/8` or `EXCLUSION_RULES[2]`. */
  rule: string;
  reason: string;
}

export interface CompiledExclusions {
  /** The first exclusion that removes this sighting: EXCLUDED_CIDRS (longest prefix) first, then rules in order. */
  match(sighting: Sighting): ExclusionMatch | undefined;
  /** Rules whose expiry date has passed: ignored, and reported so someone renews or deletes them. */
  readonly expired: readonly { rule: string; expires: Date; reason?: string }[];
  /** Exclusions of a whole address family (`0.0.0.0/0`, `::/0`): each turns detection off for that family, so it is reported. */
  readonly wholeFamily: readonly string[];
}

interface CompiledRule {
  readonly match: ExclusionMatch;
  /** One predicate per condition the rule has; the rule matches when all do. */
  readonly conditions: readonly ((sighting: Sighting) => boolean)[];
}

function compileRule(rule: ExclusionRuleInput): CompiledRule {
  const present = conditionsOf(rule);
  const described = present.map(({ condition, value }) => condition.describe(value));
  return {
    match: Object.freeze({ rule: rule.id, reason: rule.reason ?? `matched ${described.join(', ')}` }),
    conditions: present.map(({ condition, value }) => condition.compile(value)),
  };
}

/**
 * Compile validated exclusions (see exclusionInput.ts for the syntax) into a matcher. EXCLUDED_CIDRS go into one CidrSet
 * (fast with 100,000 entries); rules whose `expires` is not after `now` are left out and listed in `expired`.
 */
export function compileExclusions(input: ExclusionInput, now: Date): CompiledExclusions {
  const cidrs = new CidrSet<ExclusionMatch>();
  const wholeFamily: string[] = [];
  for (const entry of input.cidrs) {
    if (entry.cidr.endsWith('/0')) wholeFamily.push(`${entry.origin ?? 'EXCLUDED_CIDRS'} ${entry.cidr}`);
    const note = entry.source === entry.cidr ? '' : ` (configured as "${entry.source}")`;
    cidrs.add(
      entry.cidr,
      Object.freeze({ rule: `${entry.origin ?? 'EXCLUDED_CIDRS'} ${entry.cidr}`, reason: entry.reason ?? `in excluded range ${entry.cidr}${note}` }),
    );
  }
  const expired: { rule: string; expires: Date; reason?: string }[] = [];
  const rules: CompiledRule[] = [];
  for (const rule of input.rules) {
    if (rule.expires !== undefined && rule.expires.getTime() <= now.getTime()) {
      expired.push(rule.reason === undefined ? { rule: rule.id, expires: rule.expires } : { rule: rule.id, expires: rule.expires, reason: rule.reason });
    } else {
      rules.push(compileRule(rule));
    }
  }
  return Object.freeze({
    match(sighting: Sighting): ExclusionMatch | undefined {
      const byCidr = cidrs.size > 0 ? cidrs.get(sighting.ip) : undefined;
      if (byCidr !== undefined) return byCidr;
      for (const rule of rules) if (rule.conditions.every((matches) => matches(sighting))) return rule.match;
      return undefined;
    },
    expired: Object.freeze(expired),
    wholeFamily: Object.freeze(wholeFamily),
  });
}
