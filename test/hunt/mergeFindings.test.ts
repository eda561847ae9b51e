import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import { mergeFindings, whatIsNew } from '../../src/hunt/mergeFindings.js';

const a: Finding = {
  ip: '45.9.148.3',
  version: 4,
  hosts: ['ws1'],
  accounts: ['CONTOSO\\alice'],
  processes: ['cmd.exe'],
  commandLines: ['one', 'two'],
  commandLinesOmitted: 1,
  encodings: ['dotted'],
  firstSeen: new Date('2026-11-01T10:00:00Z'),
  lastSeen: new Date('2026-11-01T11:00:00Z'),
  eventCount: 4,
};

describe('mergeFindings', () => {
  it('unions lists, widens the time range, adds counts and keeps the command-line cap', () => {
    const b: Finding = {
      ...a,
      hosts: ['ws2', 'ws1'],
      processes: ['powershell.exe'],
      commandLines: ['two', 'three', 'four'],
      commandLinesOmitted: 0,
      encodings: ['hex'],
      firstSeen: new Date('2026-11-01T09:00:00Z'),
      lastSeen: new Date('2026-11-01T10:30:00Z'),
      eventCount: 2,
    };
    const m = mergeFindings(a, b, 3);
    expect(m.hosts).toEqual(['ws1', 'ws2']);
    expect(m.processes).toEqual(['cmd.exe', 'powershell.exe']);
    expect(m.commandLines).toEqual(['one', 'two', 'three']);
    expect(m.commandLinesOmitted).toBe(2);
    expect(m.encodings).toEqual(['dotted', 'hex']);
    expect(m.firstSeen.toISOString()).toBe('2026-11-01T09:00:00.000Z');
    expect(m.lastSeen.toISOString()).toBe('2026-11-01T11:00:00.000Z');
    expect(m.eventCount).toBe(6);
  });
});

describe('whatIsNew', () => {
  it('reports only hosts, accounts and command lines not reported before, hosts case-insensitively', () => {
    const news = whatIsNew({ ...a, hosts: ['WS1', 'ws3'], commandLines: ['two', 'five'] }, {
      hosts: ['ws1'],
      accounts: ['contoso\\alice'],
      commandLines: ['one', 'two'],
      lastSeen: new Date('2026-11-01T11:00:00Z'),
    });
    expect(news).toEqual({ hosts: ['ws3'], accounts: [], commandLines: ['five'], later: false });
  });

  it('notices a later sighting even with nothing else new', () => {
    expect(whatIsNew(a, { hosts: a.hosts, accounts: a.accounts, commandLines: a.commandLines, lastSeen: new Date('2026-11-01T10:00:00Z') }).later).toBe(true);
  });
});
