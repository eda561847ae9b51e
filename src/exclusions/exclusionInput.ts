import ipaddr from 'ipaddr.js';
import { RE2JS } from 're2js';

/**
 * Exclusions as configured, validated but not yet compiled into a matcher (see compileExclusions).
 * Syntax (README "Exclusions"):
 * - EXCLUDED_CIDRS: comma-, space- or newline-separated CIDRs (`10.0.0.0/8`, `2001:db8::/32`), single addresses
 *   (`168.63.129.16`, `::1`), or the seed query's dotted prefixes (`10.1.` = 10.1.0.0/16) for users migrating from it.
 * - EXCLUSION_RULES: a JSON array of rules; a rule excludes a sighting when every condition it has matches:
 *   `{ "ip": "CIDR or address", "process": "glob", "host": "glob", "account": "glob", "commandLine": "RE2 regex",
 *      "reason": "why", "expires": "2026-12-31" }`.
 *   Globs (`*`, `?`) match the whole value case-insensitively; `commandLine` is a case-insensitive RE2 search.
 *   A condition on a field the sighting lacks (no host, no account) does not match. Rules apply per sighting
 *   (address × host × account, see aggregateFindings); EXCLUDED_CIDRS remove the address everywhere.
 * - IPv4 is written as four decimal octets: inet_aton forms (`10.1/16`, `010.0.0.0/8`) are refused, not guessed.
 */

/** A CIDR in canonical form plus where it came from. */
export interface CidrEntry {
  /** Canonical CIDR, e.g. `10.1.0.0/16`, `2001:db8::/32`. */
  readonly cidr: string;
  /** As written in configuration (e.g. `10.1.`). */
  readonly source: string;
  /** Where the entry comes from, when not EXCLUDED_CIDRS (e.g. `watchlist ip-allowlist`). */
  readonly origin?: string;
  /** Why it is excluded, when the source says (a watchlist item's Reason column). */
  readonly reason?: string;
}

export interface ExclusionRuleInput {
  /** Position in EXCLUSION_RULES (or in a request's extra exclusions), for messages. */
  readonly id: string;
  readonly ip?: CidrEntry;
  readonly process?: string;
  readonly host?: string;
  readonly account?: string;
  readonly commandLine?: string;
  readonly reason?: string;
  readonly expires?: Date;
}

export interface ExclusionInput {
  readonly cidrs: readonly CidrEntry[];
  readonly rules: readonly ExclusionRuleInput[];
}

export const emptyExclusionInput: ExclusionInput = Object.freeze({ cidrs: [], rules: [] });

/**
 * Parse one CIDR, single address, or seed-style dotted prefix (`10.`, `10.1.`, `10.1.2.`) into canonical CIDR form.
 * Returns an error message instead of throwing.
 */
export function parseCidrEntry(text: string): CidrEntry | string {
  const source = text.trim();
  if (source === '') return 'empty entry';
  const prefix = /^(\d{1,3})\.(?:(\d{1,3})\.)?(?:(\d{1,3})\.)?$/.exec(source);
  if (prefix) {
    const octets = [prefix[1], prefix[2], prefix[3]].filter((o): o is string => o !== undefined).map(Number);
    if (octets.some((o) => o > 255)) return `"${source}" is not a valid dotted prefix (octet over 255)`;
    const bits = octets.length * 8;
    while (octets.length < 4) octets.push(0);
    return { cidr: `${octets.join('.')}/${bits}`, source };
  }
  const address = source.split('/')[0]!;
  // ipaddr.js also accepts inet_aton forms (`10.1/16`, `0x0a.0.0.0/8`, and `010.0.0.0/8` as octal 8.0.0.0/8): refuse
  // them rather than exclude a range the user did not mean. Zone ids would never match a detected address.
  if (address.includes('%')) return `"${source}" has a zone id (%…); exclusions match addresses without one`;
  if (!address.includes(':') && !/^(?:0|[1-9]\d{0,2})(?:\.(?:0|[1-9]\d{0,2})){3}$/.test(address)) {
    return `"${source}" is not a valid address, CIDR or dotted prefix (write IPv4 as four decimal octets without leading zeros)`;
  }
  try {
    if (source.includes('/')) {
      const [addr, bits] = ipaddr.parseCIDR(source);
      const network = networkAddress(addr, bits);
      return { cidr: `${format(network)}/${bits}`, source };
    }
    if (!ipaddr.isValid(source) || (source.includes('.') && !source.includes(':') && !ipaddr.IPv4.isValidFourPartDecimal(source))) {
      return `"${source}" is not a valid address, CIDR or dotted prefix`;
    }
    const addr = ipaddr.parse(source);
    return { cidr: `${format(addr)}/${addr.kind() === 'ipv4' ? 32 : 128}`, source };
  } catch {
    return `"${source}" is not a valid CIDR`;
  }
}

function format(addr: ipaddr.IPv4 | ipaddr.IPv6): string {
  return addr.kind() === 'ipv6' ? (addr as ipaddr.IPv6).toRFC5952String() : addr.toString();
}

function networkAddress(addr: ipaddr.IPv4 | ipaddr.IPv6, bits: number): ipaddr.IPv4 | ipaddr.IPv6 {
  const bytes = addr.toByteArray();
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    bytes[i] = bytes[i]! & ((0xff << (8 - keep)) & 0xff);
  }
  return ipaddr.fromByteArray(bytes);
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

const RULE_KEYS = new Set(['ip', 'process', 'host', 'account', 'commandLine', 'reason', 'expires']);

/**
 * Validate rules given as parsed JSON (from EXCLUSION_RULES or an HTTP body). `path` prefixes messages,
 * e.g. `EXCLUSION_RULES` gives `[2].commandLine: …`.
 */
export function parseExclusionRules(value: unknown, idPrefix: string): { rules: ExclusionRuleInput[]; problems: string[] } {
  const rules: ExclusionRuleInput[] = [];
  const problems: string[] = [];
  if (!Array.isArray(value)) return { rules, problems: ['must be a JSON array of rule objects'] };
  value.forEach((raw, i) => {
    const at = `[${i}]`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push(`${at}: must be an object`);
      return;
    }
    const obj = raw as Record<string, unknown>;
    const before = problems.length;
    for (const key of Object.keys(obj)) {
      if (!RULE_KEYS.has(key)) problems.push(`${at}: unknown key "${key}" (expected one of ${[...RULE_KEYS].join(', ')})`);
    }
    const str = (key: string): string | undefined => {
      const v = obj[key];
      if (v === undefined) return undefined;
      if (typeof v !== 'string' || v.trim() === '') {
        problems.push(`${at}.${key}: must be a non-empty string`);
        return undefined;
      }
      return v;
    };
    const rule: { -readonly [K in keyof ExclusionRuleInput]: ExclusionRuleInput[K] } = { id: `${idPrefix}${at}` };
    const ip = str('ip');
    if (ip !== undefined) {
      const entry = parseCidrEntry(ip);
      if (typeof entry === 'string') problems.push(`${at}.ip: ${entry}`);
      else rule.ip = entry;
    }
    for (const key of ['process', 'host', 'account'] as const) {
      const v = str(key);
      if (v !== undefined) rule[key] = v;
    }
    const commandLine = str('commandLine');
    if (commandLine !== undefined) {
      const problem = checkRe2(commandLine);
      if (problem) problems.push(`${at}.commandLine: ${problem}`);
      else rule.commandLine = commandLine;
    }
    const reason = str('reason');
    if (reason !== undefined) rule.reason = reason;
    const expires = str('expires');
    if (expires !== undefined) {
      const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(expires) ? `${expires}T23:59:59.999Z` : expires);
      if (Number.isNaN(date.getTime())) problems.push(`${at}.expires: "${expires}" is not an ISO-8601 date`);
      else rule.expires = date;
    }
    if (!rule.ip && !rule.process && !rule.host && !rule.account && !rule.commandLine && problems.length === before) {
      problems.push(`${at}: needs at least one condition (ip, process, host, account, commandLine)`);
    }
    if (problems.length === before) rules.push(Object.freeze(rule));
  });
  return { rules, problems };
}

/** RE2 syntax check: returns the parser's message, or undefined when the pattern compiles. */
export function checkRe2(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
    return undefined;
  } catch (error) {
    return `invalid RE2 pattern: ${error instanceof Error ? error.message : String(error)}`;
  }
}
