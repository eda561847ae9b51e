import { describe, expect, it } from 'vitest';
import { distinctCount, entitiesFromText, newEntities, unionEntities } from '../../src/entities/entityLists.js';
import { hostKind } from '../../src/entities/hostKind.js';

describe('entity lists', () => {
  it('unions exactly (case kept), in first-seen order', () => {
    const merged = unionEntities(entitiesFromText({ hosts: ['ws1', 'WS2'] }), entitiesFromText({ hosts: ['ws2', 'ws1'], accounts: ['a'] }));
    expect(merged).toEqual(entitiesFromText({ hosts: ['ws1', 'WS2', 'ws2'], accounts: ['a'] }));
  });

  it('finds new entities by each kind\'s comparison', () => {
    const news = newEntities(entitiesFromText({ hosts: ['WS1', 'ws3'], accounts: ['CORP\\Ann'] }), entitiesFromText({ hosts: ['ws1'], accounts: ['corp\\ann'] }));
    expect(news).toEqual(entitiesFromText({ hosts: ['ws3'] }));
  });

  it('counts distinct entities of a kind across lists, case-insensitively', () => {
    expect(distinctCount(hostKind, entitiesFromText({ hosts: ['WEB01', 'db02'] }), entitiesFromText({ hosts: ['web01', 'app03'] }))).toBe(3);
  });
});
