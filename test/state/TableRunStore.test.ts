import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type AzuriteServices } from '../../local/azurite/startAzurite.js';
import type { RunRecord } from '../../src/runs/runRecord.js';
import { createStateTableClient } from '../../src/state/createStateTableClient.js';
import { TableRunStore } from '../../src/state/TableRunStore.js';

let azurite: AzuriteServices;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite.close();
});

let tables = 0;
function store(): TableRunStore {
  return new TableRunStore(createStateTableClient({ connectionString: azurite.connectionString, tableName: `runs${++tables}` }));
}

function record(runId: string, createdAt: string, more: Partial<RunRecord> = {}): RunRecord {
  const at = new Date(createdAt);
  return { runId, status: 'queued', request: '{"lookback":"PT6H"}', dryRun: false, createdAt: at, updatedAt: at, attempts: 0, ...more };
}

describe('TableRunStore', () => {
  it('creates a record once and returns the existing one for its id afterwards', async () => {
    const runs = store();
    expect(await runs.create(record('r1', '2026-11-20T00:00:00Z'))).toEqual({ created: true });
    const again = await runs.create(record('r1', '2026-11-21T00:00:00Z', { request: '{}' }));
    expect(again).toEqual({ created: false, existing: record('r1', '2026-11-20T00:00:00Z') });
  });

  it('updates only at the etag it read', async () => {
    const runs = store();
    await runs.create(record('r1', '2026-11-20T00:00:00Z'));
    const read = (await runs.get('r1'))!;
    expect(await runs.update({ ...read.record, status: 'running', claimedBy: 'm1' }, read.etag)).toBe(true);
    expect(await runs.update({ ...read.record, status: 'running', claimedBy: 'm2' }, read.etag)).toBe(false);
    expect((await runs.get('r1'))?.record).toMatchObject({ status: 'running', claimedBy: 'm1' });
  });

  it('keeps a failure and a large request and summary intact', async () => {
    const runs = store();
    const request = JSON.stringify({ exclusions: { cidrs: Array.from({ length: 5000 }, (_, i) => `10.${i >> 8}.${i & 255}.0/24`) } });
    const failure = { code: 'ServiceFailed', message: 'Log Analytics failed', status: 502 };
    await runs.create(record('big', '2026-11-20T00:00:00Z', { request, status: 'failed', failure }));
    expect((await runs.get('big'))?.record).toMatchObject({ request, failure });
    const summary = { newIps: Array.from({ length: 20_000 }, (_, i) => `203.0.${i >> 8}.${i & 255}`) };
    await runs.putSummary('big', summary);
    expect(await runs.getSummary('big')).toEqual(summary);
  });

  it('counts unfinished (dry) runs since a time, and prunes records older than a time with their summaries', async () => {
    const runs = store();
    await runs.create(record('old', '2026-11-01T00:00:00Z', { status: 'succeeded' }));
    await runs.putSummary('old', { newIps: [] });
    await runs.create(record('dry-queued', '2026-11-20T00:00:00Z', { dryRun: true }));
    await runs.create(record('dry-running', '2026-11-20T01:00:00Z', { dryRun: true, status: 'running' }));
    await runs.create(record('dry-done', '2026-11-20T02:00:00Z', { dryRun: true, status: 'failed' }));
    await runs.create(record('real', '2026-11-20T03:00:00Z'));
    const since = new Date('2026-11-19T00:00:00Z');
    expect(await runs.countActive({ since, dryRunOnly: true })).toBe(2);
    expect(await runs.countActive({ since, dryRunOnly: false })).toBe(3);
    expect(await runs.countActive({ since: new Date('2026-11-20T00:30:00Z'), dryRunOnly: true })).toBe(1);

    expect(await runs.prune(new Date('2026-11-13T00:00:00Z'), 100)).toBe(1);
    expect(await runs.get('old')).toBeUndefined();
    expect(await runs.getSummary('old')).toBeUndefined();
    expect(await runs.get('real')).toBeDefined();
  });
});
