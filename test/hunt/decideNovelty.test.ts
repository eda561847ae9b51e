import { describe, expect, it } from 'vitest';
import { entitiesFromText } from '../../src/entities/entityLists.js';
import type { Finding } from '../../src/findings/finding.js';
import { decideNovelty } from '../../src/hunt/decideNovelty.js';
import type { SeenRecord } from '../../src/state/stateStore.js';

const finding = (ip: string, hosts: string[], lastSeen = '2026-11-20T10:00:00Z'): Finding => ({
  ip,
  version: 4,
  entities: entitiesFromText({ hosts, accounts: ['CONTOSO\\alice'] }),
  processes: ['cmd.exe'],
  commandLines: [`ping ${ip}`],
  commandLinesOmitted: 0,
  encodings: ['dotted'],
  firstSeen: new Date('2026-11-20T09:00:00Z'),
  lastSeen: new Date(lastSeen),
  eventCount: 1,
});

const seen = (ip: string, hosts: string[]): SeenRecord => ({
  ip,
  incidentId: `incident-${ip}`,
  incidentNumber: 7,
  generation: 1,
  entities: entitiesFromText({ hosts, accounts: ['CONTOSO\\alice'] }),
  commandLines: [`ping ${ip}`],
  firstReported: new Date('2026-11-20T10:05:00Z'),
  lastReported: new Date('2026-11-20T10:05:00Z'),
  lastSeen: new Date('2026-11-20T10:00:00Z'),
});

describe('decideNovelty', () => {
  it('publishes new IPs without a prior, re-sightings with news with one, and keeps quiet about the rest', () => {
    const decision = decideNovelty(
      [finding('45.9.148.3', ['ws1']), finding('8.8.8.8', ['ws1', 'ws2']), finding('1.1.1.1', ['ws1']), finding('9.9.9.9', ['ws1'], '2026-11-20T11:00:00Z')],
      new Map([
        ['8.8.8.8', seen('8.8.8.8', ['ws1'])],
        ['1.1.1.1', seen('1.1.1.1', ['WS1'])],
        ['9.9.9.9', seen('9.9.9.9', ['ws1'])],
      ]),
    );
    expect(decision.newIps).toEqual(['45.9.148.3']);
    expect(decision.resightedIps).toEqual(['8.8.8.8', '1.1.1.1', '9.9.9.9']);
    expect(decision.items.map((i) => [i.finding.ip, i.prior?.incidentId ?? null])).toEqual([
      ['45.9.148.3', null],
      ['8.8.8.8', 'incident-8.8.8.8'],
      ['9.9.9.9', 'incident-9.9.9.9'],
    ]);
    expect(decision.quiet).toEqual([
      { ip: '1.1.1.1', incidentId: 'incident-1.1.1.1', incidentNumber: 7, action: 'unchanged', detail: 'nothing new since the last report', reason: 'nothing-new' },
    ]);
  });

  it('sends a re-sighting with nothing new to the publisher when its incident lacks its evidence', () => {
    const lacking = { ...seen('1.1.1.1', ['ws1']), evidenceMissing: { since: new Date('2026-11-20T10:05:00Z'), attempts: 1 } };
    const decision = decideNovelty([finding('1.1.1.1', ['ws1']), finding('8.8.8.8', ['ws1'])], new Map([['1.1.1.1', lacking], ['8.8.8.8', seen('8.8.8.8', ['ws1'])]]));
    expect(decision.items.map((i) => i.finding.ip)).toEqual(['1.1.1.1']);
    expect(decision.quiet.map((q) => q.ip)).toEqual(['8.8.8.8']);
  });
});
