import { describe, expect, it } from 'vitest';
import { planWindow } from '../../src/hunt/planWindow.js';

const MIN = 60_000;
const config = { firstLookbackMs: 24 * 60 * MIN, maxWindowMs: 7 * 24 * 60 * MIN, ingestionDelayMs: 10 * MIN, minSplitWindowMs: MIN };
const now = new Date('2026-11-27T12:00:00Z');

describe('planWindow', () => {
  it('looks back HUNT_FIRST_LOOKBACK on the first run and ends the ingestion delay before now', () => {
    const plan = planWindow(config, now, undefined, {});
    expect(plan.source).toBe('scheduled');
    expect(plan.window.end.toISOString()).toBe('2026-11-27T11:50:00.000Z');
    expect(plan.window.start.toISOString()).toBe('2026-11-26T11:50:00.000Z');
    expect(plan.hasWork).toBe(true);
  });

  it('starts the ingestion delay before the checkpoint so late events are seen', () => {
    const plan = planWindow(config, now, new Date('2026-11-27T10:50:00Z'), {});
    expect(plan.window.start.toISOString()).toBe('2026-11-27T10:40:00.000Z');
    expect(plan.window.end.toISOString()).toBe('2026-11-27T11:50:00.000Z');
  });

  it('cuts a long backlog to HUNT_MAX_WINDOW, oldest first, so nothing is skipped', () => {
    const plan = planWindow(config, now, new Date('2026-10-01T00:00:00Z'), {});
    expect(plan.truncated).toBe(true);
    expect(plan.window.start.toISOString()).toBe('2026-09-30T23:50:00.000Z');
    expect(plan.window.end.getTime() - plan.window.start.getTime()).toBe(config.maxWindowMs);
  });

  it('has no work when the checkpoint is already at the end', () => {
    const plan = planWindow(config, now, new Date('2026-11-27T11:50:00Z'), {});
    expect(plan.hasWork).toBe(false);
  });

  it('uses an explicit window as given and a lookback back from now', () => {
    const window = { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-11-02T00:00:00Z') };
    expect(planWindow(config, now, new Date(), { window })).toMatchObject({ window, source: 'explicit', hasWork: true });
    const lookback = planWindow(config, now, undefined, { lookbackMs: 60 * MIN });
    expect(lookback.source).toBe('lookback');
    expect(lookback.window.end).toEqual(now);
    expect(lookback.window.start.toISOString()).toBe('2026-11-27T11:00:00.000Z');
  });
});
