import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import { displayEntities, entitiesFromText } from '../../src/entities/entityLists.js';
import { mergeFindings } from '../../src/hunt/mergeFindings.js';

const a: Finding = {
  ip: '45.9.148.3',
  version: 4,
  entities: entitiesFromText({ hosts: ['ws1'], accounts: ['CONTOSO\\alice'] }),
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
      entities: entitiesFromText({ hosts: ['ws2', 'ws1'] }),
      processes: ['powershell.exe'],
      commandLines: ['two', 'three', 'four'],
      commandLinesOmitted: 0,
      encodings: ['hex'],
      firstSeen: new Date('2026-11-01T09:00:00Z'),
      lastSeen: new Date('2026-11-01T10:30:00Z'),
      eventCount: 2,
    };
    const m = mergeFindings(a, b, 3);
    expect(displayEntities(m.entities).hosts).toEqual(['ws1', 'ws2']);
    expect(m.processes).toEqual(['cmd.exe', 'powershell.exe']);
    expect(m.commandLines).toEqual(['one', 'two', 'three']);
    expect(m.commandLinesOmitted).toBe(2);
    expect(m.encodings).toEqual(['dotted', 'hex']);
    expect(m.firstSeen.toISOString()).toBe('2026-11-01T09:00:00.000Z');
    expect(m.lastSeen.toISOString()).toBe('2026-11-01T11:00:00.000Z');
    expect(m.eventCount).toBe(6);
  });

  it('unions raw forms and samples within their limits, reading forms again from the lines of a finding stored without them', () => {
    const older: Finding = { ...a, commandLines: ['ping 45.9.148.3', 'curl http://0x2d.9.0224.3/'] };
    const sample = (line: string) => ({ time: new Date('2026-11-01T10:00:00Z'), entities: { hosts: 'ws1' }, commandLine: line });
    const newer: Finding = {
      ...a,
      rawForms: [{ text: '45.9.148.3', encoded: false }, { text: '%34%35.9.148.3', encoded: false }],
      rawFormsOmitted: 1,
      samples: ['one', 'two', 'three', 'four', 'five'].map(sample),
    };
    const m = mergeFindings({ ...older, samples: [sample('zero'), sample('one')] }, newer, 10);
    expect(m.rawForms).toEqual([
      { text: '45.9.148.3', encoded: false },
      { text: '0x2d.9.0224.3', encoded: false },
      { text: '%34%35.9.148.3', encoded: false },
    ]);
    expect(m.rawFormsOmitted).toBe(1);
    expect(m.samples!.map((x) => x.commandLine)).toEqual(['zero', 'one', 'two', 'three', 'four']);
  });
});
