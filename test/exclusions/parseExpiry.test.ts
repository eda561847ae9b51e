import { describe, expect, it } from 'vitest';
import { parseExpiry } from '../../src/exclusions/parseExpiry.js';

describe('parseExpiry', () => {
  it('reads a date as the end of that day in UTC', () => {
    expect(parseExpiry('2026-12-31')).toEqual(new Date('2026-12-31T23:59:59.999Z'));
  });

  it('reads a date-time as written', () => {
    expect(parseExpiry('2026-12-31T08:00:00+01:00')).toEqual(new Date('2026-12-31T07:00:00Z'));
  });

  it('refuses text that is not a date', () => {
    expect(parseExpiry('next week')).toBeUndefined();
  });

  it.each(['1', '12/31/2027', '2027-02-30', '2027-02-29', '2027-13-01', '2027-12-31T24:00:00Z', '2027-12-31T10:00:00', 'Dec 31 2027'])(
    'refuses "%s" instead of guessing or rolling it over',
    (text) => {
      expect(parseExpiry(text)).toBeUndefined();
    },
  );

  it('accepts 29 February in a leap year', () => {
    expect(parseExpiry('2028-02-29')).toEqual(new Date('2028-02-29T23:59:59.999Z'));
  });
});
