/**
 * The scale check's shape at a size the suite affords (`npm run check:scale` runs it at 1,000,000 and 800,000 rows): a
 * table file of noise, candidate rows and planted external addresses at known rows, hunted over its own span by a local
 * hunt whose answers are capped small enough that the window is halved into parts — every planted address, at the
 * ends, the middle and both sides of each halving point, gets an incident.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { plantedRows, writeScaleSample } from '../../bench/scaleSample.js';
import { runLocalHunt } from '../../local/runLocalHunt.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('the scale sample', () => {
  it('plants at both ends and on both sides of every halving point down to eighths', () => {
    expect(plantedRows(1_000)).toEqual([0, 124, 125, 126, 249, 250, 251, 374, 375, 376, 499, 500, 501, 624, 625, 626, 749, 750, 751, 874, 875, 876, 999]);
  });

  it('gets an incident for every planted address of a file hunted in parts', { timeout: 180_000 }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'scale-sample-'));
    dirs.push(dir);
    const file = path.join(dir, 'events.jsonl');
    const out = createWriteStream(file);
    const sample = await writeScaleSample(out, { rows: 8_000, candidateRows: 2_400, start: new Date('2026-11-01T00:00:00Z'), spanMs: 7 * 86_400_000 });
    out.end();
    await finished(out);

    const summary = await runLocalHunt({
      request: { trigger: 'cli' },
      stateDir: path.join(dir, 'state'),
      dataFile: file,
      now: new Date('2026-11-09T00:00:00Z'),
      // Eighths of the window (about 300 candidate rows each) fit under the cap, quarters do not.
      logAnalytics: { maxResultRows: 400 },
    });
    expect(summary.window).toMatchObject({ start: '2026-11-01T00:00:00.000Z', source: 'explicit' });
    expect(summary.query.segments.length).toBeGreaterThanOrEqual(8);
    expect(summary.query.partialFailures).toEqual([]);
    expect(summary.rows).toBe(2_400 + sample.planted.size);
    const planted = [...sample.planted.values()].sort();
    expect([...summary.newIps].sort()).toEqual(planted);
    for (const ip of planted) expect(summary.incidents.find((i) => i.ip === ip)).toMatchObject({ ip, action: 'created', incidentId: expect.any(String) });
  });
});
