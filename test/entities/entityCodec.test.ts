import { describe, expect, it } from 'vitest';
import { decodeEntities, encodeEntities } from '../../src/entities/entityCodec.js';
import { entitiesFromText } from '../../src/entities/entityLists.js';

describe('entity codec', () => {
  it('stores entities as their display texts, kinds in registry order, and reads them back', () => {
    const entities = entitiesFromText({ hosts: ['web01.contoso.com', 'PC1'], accounts: ['CONTOSO\\alice'] });
    const stored = encodeEntities(entities);
    expect(JSON.stringify(stored)).toBe('{"hosts":["web01.contoso.com","PC1"],"accounts":["CONTOSO\\\\alice"]}');
    expect(decodeEntities(stored)).toEqual(entities);
  });

  it('stores an entity its text cannot fully describe as its identifiers', () => {
    const dotted = { HostName: 'odd.name' };
    const stored = encodeEntities({ hosts: [dotted] });
    expect(stored.hosts).toEqual([{ HostName: 'odd.name' }]);
    expect(decodeEntities(stored).hosts).toEqual([dotted]);
  });

  it('reads a missing kind as none and skips items it cannot read', () => {
    expect(decodeEntities({ hosts: ['a', 7, null, { Other: 'x' }, ''] })).toEqual(entitiesFromText({ hosts: ['a'] }));
  });
});
