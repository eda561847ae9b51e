import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { generateSecurityEvents } from '../../../local/sample/generateSecurityEvents.js';
import { writeSampleLines } from '../../../local/sample/writeSampleLines.js';

describe('writeSampleLines', () => {
  it('writes the same rows as the generator, a few thousand per write, waiting for a slow stream', async () => {
    const options = { rows: 5_001, seed: 9, start: new Date('2026-11-20T00:00:00Z'), days: 2 };
    const writes: string[] = [];
    // highWaterMark 1 makes every write ask for drain; the callback is deferred so the writer must wait.
    const slow = new Writable({
      highWaterMark: 1,
      write(chunk, _encoding, done) {
        writes.push(String(chunk));
        setImmediate(done);
      },
    });
    const written = await writeSampleLines(slow, options);
    const expected = generateSecurityEvents(options);
    expect(written).toEqual({ rows: 5_001, plantedIps: expected.plantedIps });
    expect(writes).toHaveLength(3);
    const lines = writes.join('').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l))).toEqual(expected.rows);
  });
});
