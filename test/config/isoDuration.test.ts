import { describe, expect, it } from 'vitest';
import { formatIsoDuration, parseIsoDuration } from '../../src/config/isoDuration.js';

describe('parseIsoDuration', () => {
  it('reads weeks, days, hours, minutes and seconds', () => {
    expect(parseIsoDuration('P1W')).toBe(7 * 86_400_000);
    expect(parseIsoDuration('P1DT12H')).toBe(36 * 3_600_000);
    expect(parseIsoDuration('PT15M')).toBe(900_000);
    expect(parseIsoDuration('PT1.5S')).toBe(1_500);
  });

  it('rejects what is not a duration, and months or years', () => {
    for (const text of ['P', 'PT', 'P1DT', '6h', 'P1M', 'P1Y']) expect(parseIsoDuration(text), text).toBeUndefined();
  });
});

describe('formatIsoDuration', () => {
  it('writes the shortest form and round-trips', () => {
    expect(formatIsoDuration(0)).toBe('PT0S');
    expect(formatIsoDuration(7 * 86_400_000)).toBe('P7D');
    expect(formatIsoDuration(90_061_000)).toBe('P1DT1H1M1S');
    expect(parseIsoDuration(formatIsoDuration(90_061_000))).toBe(90_061_000);
  });
});
