import { describe, expect, it } from 'vitest';
import { uuidV5 } from '../../src/sentinel/uuidV5.js';
import { entitiesFromText } from '../../src/entities/entityLists.js';
import { commentId, publishIds, sightingIds } from '../../src/sentinel/publishIds.js';

describe('uuidV5', () => {
  it('matches the RFC 4122 / Python uuid5 reference value', () => {
    // uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org') in CPython
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('sets version 5 and the RFC variant bits', () => {
    expect(uuidV5('anything')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('rejects a namespace that is not a UUID', () => {
    expect(() => uuidV5('x', 'not-a-uuid')).toThrow(/namespace "not-a-uuid" is not a UUID/);
  });
});

describe('publishIds', () => {
  it('gives the same ids for the same workspace, detection, IP and generation', () => {
    expect(publishIds('WS-1', 'det', '203.0.113.5', 1)).toEqual(publishIds('ws-1', 'det', '203.0.113.5', 1));
  });

  it('gives different ids per IP, per generation and per resource', () => {
    const a = publishIds('ws', 'det', '203.0.113.5', 1);
    const b = publishIds('ws', 'det', '203.0.113.6', 1);
    const c = publishIds('ws', 'det', '203.0.113.5', 2);
    const all = [a, b, c].flatMap((ids) => [ids.incidentId, ids.bookmarkId, ids.relationName]);
    expect(new Set(all).size).toBe(9);
  });

  it('derives comment ids from incident and text', () => {
    expect(commentId('i1', 'hello')).toBe(commentId('i1', 'hello'));
    expect(commentId('i1', 'hello')).not.toBe(commentId('i1', 'hello!'));
    expect(commentId('i1', 'hello')).not.toBe(commentId('i2', 'hello'));
  });
});

describe('sightingIds', () => {
  it('gives the same ids for the same incident and new names, whatever their order or case', () => {
    const a = sightingIds('i1', entitiesFromText({ hosts: ['db02', 'WEB03'], accounts: ['CONTOSO\\bob'] }));
    expect(sightingIds('I1', entitiesFromText({ hosts: ['web03', 'DB02', 'db02'], accounts: ['contoso\\BOB'] }))).toEqual(a);
    expect(a.bookmarkId).not.toBe(a.relationName);
  });

  it('gives different ids per incident, per new names and per kind of name', () => {
    const all = [
      sightingIds('i1', entitiesFromText({ hosts: ['db02'] })),
      sightingIds('i2', entitiesFromText({ hosts: ['db02'] })),
      sightingIds('i1', entitiesFromText({ hosts: ['db02', 'web03'] })),
      sightingIds('i1', entitiesFromText({ accounts: ['db02'] })),
    ].flatMap((ids) => [ids.bookmarkId, ids.relationName]);
    expect(new Set(all).size).toBe(8);
  });

  it('keeps the ids earlier versions derived, so a re-sighting rerun after an upgrade rewrites the same resources', () => {
    const base = 'cmdline-ip-hunter:sighting:i1:{"hosts":["db02","web03"],"accounts":["contoso\\\\bob"]}';
    expect(sightingIds('i1', entitiesFromText({ hosts: ['WEB03', 'db02'], accounts: ['CONTOSO\\bob'] }))).toEqual({
      bookmarkId: uuidV5(`${base}:bookmark`),
      relationName: uuidV5(`${base}:relation`),
    });
  });
});
