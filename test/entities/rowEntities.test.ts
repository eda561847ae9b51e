import { describe, expect, it } from 'vitest';
import { hostKind } from '../../src/entities/hostKind.js';
import { cachedParse, rowEntities } from '../../src/entities/rowEntities.js';
import type { EntityValue } from '../../src/entities/entityKind.js';

describe('cachedParse', () => {
  it('parses each distinct name once and answers repeats with the same frozen value', () => {
    const parsed: string[] = [];
    const parse = cachedParse((text: string): EntityValue | undefined => {
      parsed.push(text);
      return text.trim() === '' ? undefined : { Name: text.trim() };
    });
    const first = parse('alice');
    expect(parse('alice')).toBe(first);
    expect(first).toEqual({ Name: 'alice' });
    expect(Object.isFrozen(first)).toBe(true);
    expect(parse(' ')).toBeUndefined();
    expect(parse(' ')).toBeUndefined();
    expect(parse('bob')).toEqual({ Name: 'bob' });
    expect(parsed).toEqual(['alice', ' ', 'bob']);
  });
});

describe('rowEntities', () => {
  const extra = (value: unknown) => ({ value, textKey: 'Computer', identifiers: ['MdatpDeviceId'] });

  it('shares the parsed value of a name across rows when its bag adds no identifier, and copies it when one does', () => {
    const parse = cachedParse(hostKind.parse);
    const [plain] = rowEntities(['web01.contoso.com'], undefined, parse, extra([]));
    const [again] = rowEntities(['web01.contoso.com'], undefined, parse, extra([{ Computer: 'web01.contoso.com', MdatpDeviceId: '' }]));
    const [withId] = rowEntities(['web01.contoso.com'], undefined, parse, extra([{ Computer: 'web01.contoso.com', MdatpDeviceId: 'dev-1' }]));
    expect(plain).toEqual({ HostName: 'web01', DnsDomain: 'contoso.com' });
    expect(again).toBe(plain);
    expect(withId).toEqual({ HostName: 'web01', DnsDomain: 'contoso.com', MdatpDeviceId: 'dev-1' });
    expect(plain).toEqual({ HostName: 'web01', DnsDomain: 'contoso.com' });
  });

  it('reads one name, repeated names once, and no blank name', () => {
    const parse = cachedParse(hostKind.parse);
    expect(rowEntities(['A'], undefined, parse)).toEqual([{ HostName: 'A' }]);
    expect(rowEntities([''], 'fallback', parse)).toEqual([]);
    expect(rowEntities([7], undefined, parse)).toEqual([]);
    expect(rowEntities(['A', 'B', 'A', ''], undefined, parse)).toEqual([{ HostName: 'A' }, { HostName: 'B' }]);
  });
});
