import type { FoundAddress } from '../findings/finding.js';
import { formatIPv4 } from './addressText.js';
import { classifyIPv4 } from './classifyAddress.js';
import { parseNumericHost } from './parseNumericHost.js';

/**
 * Network tools whose host argument the OS resolver reads as inet_aton does, so that `ping 0x2d099403`,
 * `curl 755602435` and `ssh root@45.9.37891` connect to 45.9.148.3: Windows, glibc and macOS ping/tracert/traceroute,
 * curl and wget (URL hosts without a scheme go through the WHATWG-style numeric host parser), nc/ncat/netcat/telnet/
 * ssh/scp/sftp/ftp/tftp/nmap (getaddrinfo), and the PowerShell cmdlets that resolve through .NET's IPAddress.Parse,
 * which also reads hex, octal and short forms.
 */
const NETWORK_TOOLS = new Set([
  'ping', 'tracert', 'traceroute', 'tcping', 'curl', 'wget', 'nc', 'ncat', 'netcat', 'telnet', 'ssh', 'scp', 'sftp',
  'ftp', 'tftp', 'nmap', 'hping3', 'fping', 'test-netconnection', 'tnc', 'test-connection',
]);

/** One native scan for the common line that names no network tool. */
const TOOL_WORD = /(?:^|[\s"'\\/])(?:ping|tracert|traceroute|tcping|curl|wget|nc|ncat|netcat|telnet|ssh|scp|sftp|ftp|tftp|nmap|hping3|fping|test-netconnection|tnc|test-connection)(?:\.exe)?(?=$|[\s"'])/i;

/** A word that may be a numeric host: digits, hex digits, `x` and dots, starting with a digit, after `user@` or alone. */
const NUMERIC_WORD = /(?<=^|[\s"'@])[0-9][0-9A-Fa-fxX.]*(?=$|[\s"':/])/g;

// Characters that end the command a word belongs to: `&&`, `|`, `;`, subshells and blocks.
const COMMAND_BREAK = /[&|;(){}\n]/;

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '"' || c === "'";
}

/** The word that ends right before `index` (skipping separators), or '' at the start of its command. */
function wordBefore(line: string, index: number): { word: string; start: number } {
  let end = index;
  while (end > 0 && isSpace(line[end - 1]!)) end--;
  let start = end;
  while (start > 0 && !isSpace(line[start - 1]!) && !COMMAND_BREAK.test(line[start - 1]!)) start--;
  return { word: line.slice(start, end), start };
}

/** `C:\Windows\System32\PING.EXE` → `ping`. */
function toolName(word: string): string {
  const name = word.slice(Math.max(word.lastIndexOf('\\'), word.lastIndexOf('/')) + 1).toLowerCase();
  return name.endsWith('.exe') ? name.slice(0, -4) : name;
}

// An option: `-w`, `--max-filesize`, and Windows switches `/n`, `/w:` (a path such as `/dev/shm/x` is an argument).
const OPTION = /^(?:-|\/[A-Za-z?]{1,2}:?$)/;

/**
 * True when a network tool names the command the word at `start` is an argument of, and the word is no option's value:
 * after an option (`curl --max-filesize 104857600`, `ping -w 16777217`) a decimal number is the option's value; a hex
 * one (`curl -s 0x5bd75511`), which no option of these tools takes, is still the host.
 */
function isToolArgument(line: string, start: number, hex: boolean): boolean {
  let { word, start: at } = wordBefore(line, start);
  if (word === '') return false;
  if (NETWORK_TOOLS.has(toolName(word))) return true;
  if (!hex && OPTION.test(word)) return false;
  for (let words = 0; words < 32 && at > 0; words++) {
    ({ word, start: at } = wordBefore(line, at));
    if (word === '') return false;
    if (NETWORK_TOOLS.has(toolName(word))) return true;
  }
  return false;
}

/**
 * IPv4 hosts written as one number or in a short or hex form (`0x2d099403`, `755602435`, `0x2d.9.0x9403`, `45.9.37891`)
 * where the OS reads them as an address: as a whole-word argument of a known network tool (see NETWORK_TOOLS), alone or
 * after `user@`, and not the value of an option. Elsewhere such numbers are sizes, ids and versions, so they are not
 * read. Canonical and zero-padded quads are the dotted scan's, and IPv6 text (`isTaken`) the IPv6 scan's; this reads
 * the rest. Appends to `out`.
 */
export function scanToolHosts(line: string, out: FoundAddress[], isTaken: (offset: number) => boolean): void {
  if (!TOOL_WORD.test(line)) return;
  NUMERIC_WORD.lastIndex = 0;
  for (let m = NUMERIC_WORD.exec(line); m !== null; m = NUMERIC_WORD.exec(line)) {
    const raw = m[0];
    if (isTaken(m.index)) continue;
    const dots = raw.split('.').length - 1;
    // Four decimal parts are the dotted scan's (it also knows versions); a trailing dot ends a sentence, not a host.
    if ((dots === 3 && !/[xX]/.test(raw)) || dots > 3 || raw.endsWith('.')) continue;
    const host = parseNumericHost(raw);
    if (host === undefined) continue;
    // A short decimal form whose last part is one byte (`3.11`, `1.5`) reads as a version or a decimal number; an
    // address in short form fills its last part with several bytes (`45.9.37891`, `45.598019`).
    // 0.0.0.0/8 holds no host to reach: a number under 2^24 is a port, count or size (`nc host 4444`, `ping -n 4`).
    if (host.value < 2 ** 24) continue;
    if (dots > 0 && host.encoding === 'decimal' && Number(raw.slice(raw.lastIndexOf('.') + 1)) <= 255) continue;
    const wordStart = line[m.index - 1] === '@' ? wordBefore(line, m.index).start : m.index;
    if (!isToolArgument(line, wordStart, host.encoding === 'hex')) continue;
    out.push({ address: formatIPv4(host.value), raw, offset: m.index, encoding: host.encoding, kind: classifyIPv4(host.value) });
  }
}
