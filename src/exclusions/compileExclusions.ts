import { RE2JS } from 're2js';
import type { ExclusionInput, ExclusionRuleInput } from './exclusionInput.js';
import { CidrSet } from './CidrSet.js';
import { matchGlob } from './matchGlob.js';

/** One address seen in one command line, with what it was seen with. Fields a row lacks are left out. */
export interface Sighting {
  /** Normalized address (FoundAddress.address). */
  ip: string;
  process?: string;
  host?: string;
  account?: string;
  commandLine?: string;
}

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
}

interface CompiledRule {
  readonly match: ExclusionMatch;
  readonly ip?: CidrSet<true>;
  readonly process?: string;
  readonly host?: string;
  readonly account?: string;
  readonly commandLine?: RE2JS;
}

function fileName(path: string): string {
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return cut === -1 ? path : path.slice(cut + 1);
}

function compileRule(rule: ExclusionRuleInput): CompiledRule {
  let ip: CidrSet<true> | undefined;
  if (rule.ip) {
    ip = new CidrSet<true>();
    ip.add(rule.ip.cidr, true);
  }
  const conditions = [
    rule.ip && `ip ${rule.ip.cidr}`,
    rule.process && `process ${rule.process}`,
    rule.host && `host ${rule.host}`,
    rule.account && `account ${rule.account}`,
    rule.commandLine && `commandLine /${rule.commandLine}/`,
  ].filter(Boolean);
  return {
    match: Object.freeze({ rule: rule.id, reason: rule.reason ?? `matched ${conditions.join(', ')}` }),
    ip,
    process: rule.process,
    host: rule.host,
    account: rule.account,
    commandLine: rule.commandLine === undefined ? undefined : RE2JS.compile(rule.commandLine, RE2JS.CASE_INSENSITIVE),
  };
}

// A condition on a field the sighting lacks does not match: a host rule cannot remove a sighting with no host.
function ruleMatches(rule: CompiledRule, s: Sighting): boolean {
  if (rule.ip && !rule.ip.has(s.ip)) return false;
  if (rule.process !== undefined) {
    // Process is a file name in SecurityEvent; a full path (NewProcessName) matches by its whole text or its file name.
    if (s.process === undefined || !(matchGlob(rule.process, s.process) || matchGlob(rule.process, fileName(s.process)))) return false;
  }
  if (rule.host !== undefined && (s.host === undefined || !matchGlob(rule.host, s.host))) return false;
  if (rule.account !== undefined && (s.account === undefined || !matchGlob(rule.account, s.account))) return false;
  if (rule.commandLine && (s.commandLine === undefined || !rule.commandLine.test(s.commandLine))) return false;
  return true;
}

/**
 * Compile validated exclusions (see exclusionInput.ts for the syntax) into a matcher. EXCLUDED_CIDRS go into one CidrSet
 * (fast with 100,000 entries); rules whose `expires` is not after `now` are left out and listed in `expired`.
 */
export function compileExclusions(input: ExclusionInput, now: Date): CompiledExclusions {
  const cidrs = new CidrSet<ExclusionMatch>();
  for (const entry of input.cidrs) {
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
      for (const rule of rules) if (ruleMatches(rule, sighting)) return rule.match;
      return undefined;
    },
    expired: Object.freeze(expired),
  });
}
