import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { parseIsoDuration, parseQueryTimespan } from '../../../local/logAnalytics/parseQueryTimespan.js';

const now = new Date('2024-05-10T00:00:00Z');
const iso = (t: { start: Date; end: Date }) => [t.start.toISOString(), t.end.toISOString()];

describe('parseQueryTimespan (the SDK sends four interval forms)', () => {
  it.each([
    ['2024-05-01T00:00:00.000Z/2024-05-02T00:00:00.000Z', ['2024-05-01T00:00:00.000Z', '2024-05-02T00:00:00.000Z']],
    ['2024-05-01T00:00:00.000Z/PT1H', ['2024-05-01T00:00:00.000Z', '2024-05-01T01:00:00.000Z']],
    ['PT1H/2024-05-01T00:00:00.000Z', ['2024-04-30T23:00:00.000Z', '2024-05-01T00:00:00.000Z']],
    ['P1D', ['2024-05-09T00:00:00.000Z', '2024-05-10T00:00:00.000Z']],
    ['P1W', ['2024-05-03T00:00:00.000Z', '2024-05-10T00:00:00.000Z']],
    ['P1DT1H30M', ['2024-05-08T22:30:00.000Z', '2024-05-10T00:00:00.000Z']],
  ])('%s', (text, expected) => {
    expect(iso(parseQueryTimespan(text, now))).toEqual(expected);
  });

  it.each(['P', 'PT', 'yesterday', 'P1D/P2D', 'a/b/c', '2024-13-45T00:00:00Z/P1D'])('rejects %s', (text) => {
    expect(() => parseQueryTimespan(text, now)).toThrow(InputError);
  });

  it('converts durations to milliseconds', () => {
    expect(parseIsoDuration('PT0.5S')).toBe(500);
    expect(parseIsoDuration('P2D')).toBe(172_800_000);
  });
});
