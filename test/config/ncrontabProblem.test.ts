import { describe, expect, it } from 'vitest';
import { ncrontabProblem } from '../../src/config/ncrontabProblem.js';

describe('ncrontabProblem', () => {
  it.each(['0 0 * * * *', '0 */5 * * * *', '0 30 9 * * 1-5', '0 30 9 * Jan Mon', '5,10 0-30/10 9-17 1,15 1-12 0-6', '0 0 0 31 12 sat'])('accepts "%s"', (expression) => {
    expect(ncrontabProblem(expression)).toBeUndefined();
  });

  it.each([
    ['*/5 * * * *', /has 5 field\(s\)/],
    ['a b c d e f', /second field: "a" is out of range/],
    ['60 0 * * * *', /second field: "60" is out of range \(0 to 59\)/],
    ['0 0 24 * * *', /hour field: "24" is out of range \(0 to 23\)/],
    ['0 0 * 0 * *', /day field: "0" is out of range \(1 to 31\)/],
    ['0 0 * * 13 *', /month field/],
    ['0 0 * * * 7', /day-of-week field/],
    ['0 0 * * * Funday', /day-of-week field/],
    ['0 30-10 * * * *', /minute field: range "30-10" runs backwards/],
    ['0 */0 * * * *', /minute field: step "\/0" is out of range/],
    ['0 1//2 * * * *', /minute field/],
    ['0 1, * * * *', /minute field/],
  ])('refuses "%s", naming the field', (expression, message) => {
    expect(ncrontabProblem(expression)).toMatch(message);
  });
});
