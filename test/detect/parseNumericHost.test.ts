import { describe, expect, it } from 'vitest';
import { parseNumericHost, type NumericHost } from '../../src/detect/parseNumericHost.js';
import { seededRandom } from '../../local/seededRandom.js';

/**
 * The definition parseNumericHost implements in one pass, written with regular expressions part by part: the
 * differential tests below hold the two to the same answers.
 */
function byDefinition(host: string): NumericHost | undefined {
  const text = host.endsWith('.') ? host.slice(0, -1) : host;
  if (text === '') return undefined;
  const pieces = text.split('.');
  if (pieces.length > 4) return undefined;
  const values: number[] = [];
  let hex = false;
  let octal = false;
  for (const piece of pieces) {
    let match: RegExpExecArray | null;
    if ((match = /^0[xX]0*([0-9a-fA-F]{0,8})$/.exec(piece)) !== null) {
      hex = true;
      values.push(match[1] === '' ? 0 : parseInt(match[1]!, 16));
    } else if (piece.length > 1 && (match = /^0+([1-7][0-7]{0,10})?$/.exec(piece)) !== null) {
      octal = true;
      values.push(match[1] === undefined ? 0 : parseInt(match[1], 8));
    } else if (/^(?:0|[1-9][0-9]{0,9})$/.test(piece)) {
      values.push(Number(piece));
    } else {
      return undefined;
    }
  }
  const limits = [0xffffffff, 0xffffff, 0xffff, 0xff];
  const last = values.length - 1;
  let result = 0;
  for (let i = 0; i < last; i++) {
    if (values[i]! > 255) return undefined;
    result = result * 256 + values[i]!;
  }
  if (values[last]! > limits[last]!) return undefined;
  result = result * 2 ** (8 * (4 - last)) + values[last]!;
  const canonical = !hex && !octal && pieces.length === 4;
  return { value: result >>> 0, encoding: hex ? 'hex' : octal ? 'octal' : canonical ? 'dotted' : 'decimal', canonical };
}

describe('parseNumericHost', () => {
  it.each([
    ['45.9.148.3', { value: 0x2d099403, encoding: 'dotted', canonical: true }],
    ['45.9.148.3.', { value: 0x2d099403, encoding: 'dotted', canonical: true }],
    ['0x2d099403', { value: 0x2d099403, encoding: 'hex', canonical: false }],
    ['0X2D.9.0x9403', { value: 0x2d099403, encoding: 'hex', canonical: false }],
    ['055.011.0224.03', { value: 0x2d099403, encoding: 'octal', canonical: false }],
    ['0000000000055.9.148.3', { value: 0x2d099403, encoding: 'octal', canonical: false }],
    ['755602435', { value: 0x2d099403, encoding: 'decimal', canonical: false }],
    ['45.9.37891', { value: 0x2d099403, encoding: 'decimal', canonical: false }],
    ['127.1', { value: 0x7f000001, encoding: 'decimal', canonical: false }],
    ['0x', { value: 0, encoding: 'hex', canonical: false }],
    ['0x00000000000ffffffff', { value: 0xffffffff, encoding: 'hex', canonical: false }],
    ['00', { value: 0, encoding: 'octal', canonical: false }],
  ])('reads %s as resolvers do', (host, expected) => {
    expect(parseNumericHost(host)).toEqual(expected);
  });

  it.each(['', '.', '1..2', '1.2.3.4.5', '1.2.3.4..', '256.1.1.1', '1.2.3.256', '4294967296', '08', '0x1ffffffff', '1.2.0x1000000', 'a.b', '0x1g', '09.1.1.1', '12345678901', '1.2.3.-4', '１.2.3.4'])(
    'rejects %j',
    (host) => {
      expect(parseNumericHost(host)).toBeUndefined();
    },
  );

  it('agrees with the definition on generated hosts of every form', () => {
    const random = seededRandom(0x5eed); // the same hosts on every run
    const alphabet = ['0', '0', '1', '7', '8', '9', 'x', 'X', 'a', 'F', 'g', '.', '.', '.', '5', '2', '-', ' '];
    const part = (): string => {
      const r = random();
      // Up to 2^40: past the 32 bits an address holds, and past the digits each radix may have.
      const n = Math.floor(random() * 2 ** 40);
      if (r < 0.25) return String(n % (random() < 0.5 ? 256 : 2 ** 36));
      if (r < 0.45) return `0${random() < 0.5 ? 'x' : 'X'}${'0'.repeat(Math.floor(random() * 4))}${(n % (random() < 0.5 ? 256 : 2 ** 36)).toString(16)}`;
      if (r < 0.65) return `${'0'.repeat(1 + Math.floor(random() * 3))}${(n % (random() < 0.5 ? 256 : 2 ** 36)).toString(8)}`;
      let text = '';
      for (let i = Math.floor(random() * 6); i > 0; i--) text += alphabet[Math.floor(random() * alphabet.length)];
      return text;
    };
    const disagreements: { host: string; got: unknown; expected: unknown }[] = [];
    let accepted = 0;
    for (let i = 0; i < 50_000; i++) {
      const count = 1 + Math.floor(random() * 5);
      let host = Array.from({ length: count }, part).join('.');
      if (random() < 0.1) host += '.';
      const got = parseNumericHost(host);
      const expected = byDefinition(host);
      if (expected !== undefined) accepted++;
      if (JSON.stringify(got) !== JSON.stringify(expected)) disagreements.push({ host, got, expected });
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
    // The generated hosts exercise both answers.
    expect(accepted).toBeGreaterThan(5_000);
    expect(accepted).toBeLessThan(45_000);
  });
});
