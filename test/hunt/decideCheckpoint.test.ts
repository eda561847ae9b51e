import { describe, expect, it } from 'vitest';
import { decideCheckpoint, type CheckpointDecision } from '../../src/hunt/decideCheckpoint.js';
import type { WindowSource } from '../../src/hunt/planWindow.js';

const READ_THROUGH = new Date('2024-05-01T06:00:00Z');
const HELD_AT = new Date('2024-05-01T06:00:00Z');

describe('decideCheckpoint', () => {
  it.each<[string, { source: WindowSource; hasWork?: boolean; readThrough?: Date; heldAt?: Date; budget?: boolean; dryRun?: boolean }, CheckpointDecision]>([
    ['advances to the end of the last part read', { source: 'scheduled', readThrough: READ_THROUGH }, { advanceTo: READ_THROUGH }],
    ['stays for an explicit window', { source: 'explicit', readThrough: READ_THROUGH }, { note: 'explicit window: checkpoint unchanged' }],
    ['stays for a look-back window', { source: 'lookback' }, { note: 'explicit window: checkpoint unchanged' }],
    [
      'stays at a part the query could not read',
      { source: 'scheduled', heldAt: HELD_AT },
      { note: 'partial query failure at 2024-05-01T06:00:00.000Z: checkpoint held so the window is queried again from there' },
    ],
    [
      'advances up to a part the query could not read',
      { source: 'scheduled', readThrough: READ_THROUGH, heldAt: HELD_AT },
      { advanceTo: READ_THROUGH, note: 'partial query failure at 2024-05-01T06:00:00.000Z: checkpoint held so the window is queried again from there' },
    ],
    ['advances as far as the time budget allowed', { source: 'scheduled', readThrough: READ_THROUGH, budget: true }, { advanceTo: READ_THROUGH, note: 'time budget exhausted: the next run reads the rest of the window' }],
    ['stays when the budget ran out before the first part', { source: 'scheduled', budget: true }, { note: 'time budget exhausted: the next run reads the rest of the window' }],
    ['stays when there is nothing to query yet', { source: 'scheduled', hasWork: false }, { note: 'nothing to query yet' }],
    ['stays in a dry run', { source: 'scheduled', dryRun: true, readThrough: READ_THROUGH }, { note: 'dry run: state and checkpoint unchanged' }],
    ['says dry run first for an explicit window', { source: 'explicit', dryRun: true }, { note: 'dry run: state and checkpoint unchanged' }],
  ])('%s', (_name, given, expected) => {
    const decision = decideCheckpoint({
      dryRun: given.dryRun ?? false,
      plan: { source: given.source, hasWork: given.hasWork ?? true },
      readThrough: given.readThrough,
      heldAt: given.heldAt,
      budgetExhausted: given.budget ?? false,
    });
    expect(decision).toEqual(expected);
  });
});
