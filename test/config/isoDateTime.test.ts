import { describe, expect, it } from 'vitest';
import { parseIsoDate, parseIsoDateTime } from '../../src/config/isoDateTime.js';

describe('parseIsoDateTime', () => {
  it('reads date-times with a zone, with or without seconds and fractions', () => {
    expect(parseIsoDateTime('2026-11-27T08:00:00Z')).toEqual(new Date('2026-11-27T08:00:00Z'));
    expect(parseIsoDateTime('2026-11-27T09:00+01:00')).toEqual(new Date('2026-11-27T08:00:00Z'));
    expect(parseIsoDateTime('2026-11-27T08:00:00.123456Z')).toEqual(new Date('2026-11-27T08:00:00.123Z'));
  });

  it.each(['1', '12/31/2027', '2027-02-30T00:00:00Z', '2027-04-31T00:00:00Z', '2027-12-31T24:00:00Z', '2027-12-31T10:60:00Z', '2027-12-31T10:00:00', '2027-12-31T10:00:00+25:00', '2027-12-31'])(
    'refuses "%s"',
    (text) => {
      expect(parseIsoDateTime(text)).toBeUndefined();
    },
  );
});

describe('parseIsoDate', () => {
  it('reads a real calendar day as its UTC midnight and refuses an impossible one', () => {
    expect(parseIsoDate('2028-02-29')).toEqual(new Date('2028-02-29T00:00:00Z'));
    expect(parseIsoDate('2027-02-29')).toBeUndefined();
    expect(parseIsoDate('2027-00-10')).toBeUndefined();
    expect(parseIsoDate('2027-1-10')).toBeUndefined();
  });
});
