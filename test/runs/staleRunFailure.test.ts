import { describe, expect, it } from 'vitest';
import { RUN_MESSAGE_TTL_SECONDS } from '../../src/runs/runQueue.js';
import type { RunRecord } from '../../src/runs/runRecord.js';
import { STALE_QUEUED_MS, STALE_RUNNING_MS, staleRunFailure } from '../../src/runs/staleRunFailure.js';

const updatedAt = new Date('2026-11-21T00:00:00Z');
const record = (extra: Partial<RunRecord>): RunRecord => ({
  runId: 'r1',
  status: 'queued',
  request: '{}',
  dryRun: false,
  createdAt: updatedAt,
  updatedAt,
  attempts: 0,
  ...extra,
});
const after = (ms: number) => new Date(updatedAt.getTime() + ms);

describe('staleRunFailure', () => {
  it('reports a queued run no message of which can be left as never started', () => {
    expect(STALE_QUEUED_MS).toBeGreaterThan(RUN_MESSAGE_TTL_SECONDS * 1000);
    expect(staleRunFailure(record({}), after(STALE_QUEUED_MS))).toBeUndefined();
    expect(staleRunFailure(record({}), after(STALE_QUEUED_MS + 1))).toMatchObject({
      code: 'RunNeverStarted',
      status: 500,
      message: expect.stringContaining('queued at 2026-11-21T00:00:00.000Z and never started'),
    });
  });

  it('reports a run queued again after attempts, with its last note, as abandoned', () => {
    const failure = staleRunFailure(record({ attempts: 2, note: 'attempt 2 failed, retrying: boom' }), after(STALE_QUEUED_MS + 1));
    expect(failure).toMatchObject({ code: 'RunAbandoned', message: expect.stringMatching(/after 2 attempt\(s\).*last note: attempt 2 failed, retrying: boom$/) });
  });

  it('reports a run still running past the function timeout and a crashed delivery coming back as abandoned', () => {
    const running = record({ status: 'running', attempts: 5, startedAt: updatedAt });
    expect(staleRunFailure(running, after(STALE_RUNNING_MS))).toBeUndefined();
    expect(staleRunFailure(running, after(STALE_RUNNING_MS + 1))).toMatchObject({ code: 'RunAbandoned', message: expect.stringContaining('attempt 5') });
  });

  it('leaves finished runs alone', () => {
    for (const status of ['succeeded', 'failed'] as const) expect(staleRunFailure(record({ status }), after(30 * 86_400_000))).toBeUndefined();
  });
});
