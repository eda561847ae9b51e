/**
 * What Kusto's IPv4 functions compute (per the Kusto function docs), over plain strings; `functions/ipv4Functions.ts`
 * registers them as KQL functions. Addresses are dotted quads with optional `/prefix`; anything else does not parse, and
 * the functions then return null as the service does.
 */

const QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

interface ParsedIpv4 {
  readonly value: number;
  readonly prefix: number;
}

/** Parses "a.b.c.d[/n]"; null when it does not parse. */
export function parseIpv4WithPrefix(text: string): ParsedIpv4 | null {
  const m = QUAD.exec(text.trim());
  if (!m) return null;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  const prefix = m[5] === undefined ? 32 : Number(m[5]);
  if (prefix > 32) return null;
  return { value, prefix };
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** parse_ipv4: the address as a long, masked by its prefix; null on failure. */
export function parseIpv4(text: string): number | null {
  const p = parseIpv4WithPrefix(text);
  return p ? (p.value & mask(p.prefix)) >>> 0 : null;
}

/** ipv4_is_private: 10/8, 172.16/12, 192.168/16 only; null when the text is not an address. */
export function ipv4IsPrivate(text: string): boolean | null {
  const p = parseIpv4WithPrefix(text);
  if (!p) return null;
  const v = (p.value & mask(p.prefix)) >>> 0;
  return v >>> 24 === 10 || v >>> 20 === (172 << 4) + 1 || v >>> 16 === (192 << 8) + 168;
}

/** ipv4_is_in_range: null if either side fails to parse. */
export function ipv4IsInRange(ip: string, range: string): boolean | null {
  const a = parseIpv4WithPrefix(ip);
  const r = parseIpv4WithPrefix(range);
  if (!a || !r) return null;
  const m = mask(Math.min(r.prefix, a.prefix));
  return ((a.value & m) >>> 0) === ((r.value & m) >>> 0);
}

/** ipv4_is_in_any_range: null if the address fails to parse; ranges that fail to parse match nothing. */
export function ipv4IsInAnyRange(ip: string, ranges: readonly string[]): boolean | null {
  if (!parseIpv4WithPrefix(ip)) return null;
  return ranges.some((r) => ipv4IsInRange(ip, r) === true);
}

// An address in free text must be delimited by non-alphanumerics (has_any_ipv4_prefix docs).
const TEXT_ADDRESS = /(?<![0-9A-Za-z.])(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(?![0-9A-Za-z])/g;

/** The valid IPv4 addresses written in `text`, as written. */
export function ipv4AddressesIn(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(TEXT_ADDRESS)) {
    if (parseIpv4WithPrefix(m[1]!)) found.push(m[1]!);
  }
  return found;
}

/** A valid prefix is a complete address or 1–3 octets ending with a dot; "" and "127.0" are invalid. */
function isValidPrefix(prefix: string): boolean {
  return parseIpv4WithPrefix(prefix) !== null || /^(\d{1,3}\.){1,3}$/.test(prefix);
}

/** has_any_ipv4_prefix / has_ipv4_prefix: some valid prefix starts (or equals) an address found in the text. */
export function hasAnyIpv4Prefix(text: string, prefixes: readonly string[]): boolean {
  const valid = prefixes.filter(isValidPrefix);
  if (valid.length === 0) return false;
  return ipv4AddressesIn(text).some((address) =>
    valid.some((p) => (p.endsWith('.') ? address.startsWith(p) : address === p)),
  );
}

/** has_ipv4 / has_any_ipv4: one of these complete addresses appears, delimited, in the text. */
export function hasAnyIpv4(text: string, addresses: readonly string[]): boolean {
  const wanted = addresses.filter((a) => parseIpv4WithPrefix(a) !== null);
  if (wanted.length === 0) return false;
  return ipv4AddressesIn(text).some((address) => wanted.includes(address));
}
