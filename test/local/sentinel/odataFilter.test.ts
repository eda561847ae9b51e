import { describe, expect, it } from 'vitest';
import { parseFilter, parseOrderBy } from '../../../local/sentinel/odataFilter.js';

const incident = { title: "Bob's IP", status: 'New', severity: 'High', incidentNumber: 7, createdTimeUtc: '2024-05-01T10:00:00Z', labels: [{ labelName: 'cmdline-ip-hunter' }] };

describe('parseFilter', () => {
  it('matches the label filter list-by-label sends', () => {
    expect(parseFilter("properties/labels/any(l: l/labelName eq 'cmdline-ip-hunter')")(incident)).toBe(true);
    expect(parseFilter("properties/labels/any(x: x/labelName eq 'other')")(incident)).toBe(false);
  });

  it('combines comparisons with and, including quotes inside literals', () => {
    expect(parseFilter("properties/status eq 'New' and properties/incidentNumber ge 7")(incident)).toBe(true);
    expect(parseFilter("properties/title eq 'Bob''s IP' and properties/severity ne 'High'")(incident)).toBe(false);
    expect(parseFilter('properties/createdTimeUtc gt 2024-05-01T09:00:00Z')(incident)).toBe(true);
    expect(parseFilter("contains(properties/title, 'bob')")(incident)).toBe(true);
  });

  it('accepts an empty filter and rejects what it does not support', () => {
    expect(parseFilter(null)(incident)).toBe(true);
    expect(() => parseFilter("properties/status eq 'New' or properties/status eq 'Active'")).toThrow(/"or" is not supported/);
    expect(() => parseFilter("startswith(properties/title, 'B')")).toThrow(/unsupported filter expression/);
  });
});

describe('parseOrderBy', () => {
  it('sorts by one property either way, missing values last', () => {
    const rows = [{ n: 2 }, { n: 1 }, {}, { n: 3 }];
    expect([...rows].sort(parseOrderBy('properties/n desc')!)).toEqual([{ n: 3 }, { n: 2 }, { n: 1 }, {}]);
    expect([...rows].sort(parseOrderBy('properties/n')!)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, {}]);
    expect(() => parseOrderBy('title, severity')).toThrow(/unsupported \$orderby/);
  });
});
