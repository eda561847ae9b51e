import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import { displayEntities, entitiesFromText } from '../../src/entities/entityLists.js';
import { mergeIntoPending } from '../../src/hunt/mergeIntoPending.js';

const DAY1 = new Date('2026-11-01T00:00:00Z');
const DAY2 = new Date('2026-11-02T00:00:00Z');

function part(eventCount: number, hosts: string[], commandLines: string[], commandLinesOmitted = 0): Finding {
  return {
    ip: '45.9.148.3',
    version: 4,
    entities: entitiesFromText({ hosts, accounts: ['CONTOSO\\alice'] }),
    processes: ['cmd.exe'],
    commandLines,
    commandLinesOmitted,
    encodings: ['dotted'],
    firstSeen: new Date('2026-11-01T10:00:00Z'),
    lastSeen: new Date('2026-11-01T11:00:00Z'),
    eventCount,
  };
}

describe('mergeIntoPending', () => {
  it('adds the counts of a new part and remembers what it added', () => {
    const first = mergeIntoPending(undefined, part(4, ['ws1'], ['one']), DAY1, 2);
    const second = mergeIntoPending(first, part(3, ['ws2'], ['two', 'three'], 1), DAY2, 2);
    expect(second).toMatchObject({ eventCount: 7, commandLines: ['one', 'two'], commandLinesOmitted: 2 });
    expect(displayEntities(second.entities).hosts).toEqual(['ws1', 'ws2']);
    expect(second.lastMerge).toEqual({ start: DAY2, eventCount: 3, commandLinesOmitted: 2, rawFormsOmitted: 0 });
  });

  it('counts a part merged again (a rerun after a kill before the checkpoint moved) once', () => {
    const before = mergeIntoPending(undefined, part(4, ['ws1'], ['one']), DAY1, 2);
    const once = mergeIntoPending(before, part(3, ['ws2'], ['two', 'three'], 1), DAY2, 2);
    const twice = mergeIntoPending(once, part(3, ['ws2'], ['two', 'three'], 1), DAY2, 2);
    expect(twice).toEqual(once);
    expect(twice.eventCount).toBe(7);
  });

  it('counts the events once when the rerun reads the part in two smaller parts', () => {
    const before = mergeIntoPending(undefined, part(4, ['ws1'], ['one']), DAY1, 5);
    const whole = mergeIntoPending(before, part(5, ['ws2', 'ws3'], ['two', 'three']), DAY2, 5);
    // The rerun's window was bisected: the first half starts where the whole part did, the second half after it.
    const firstHalf = mergeIntoPending(whole, part(2, ['ws2'], ['two']), DAY2, 5);
    const secondHalf = mergeIntoPending(firstHalf, part(3, ['ws3'], ['three']), new Date('2026-11-02T12:00:00Z'), 5);
    expect(secondHalf.eventCount).toBe(9);
    expect(secondHalf.commandLines).toEqual(['one', 'two', 'three']);
  });
});
