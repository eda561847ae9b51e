import { HttpRequest } from '@azure/functions';
import { afterEach, describe, expect, it } from 'vitest';
import { loadRunStorageConfig } from '../../src/config/loadConfig.js';
import { ServiceError } from '../../src/errors.js';
import { createRunDependencies } from '../../src/runs/createRunDependencies.js';
import type { RunDependencies } from '../../src/runs/runDependencies.js';
import { RUN_MESSAGE_TTL_SECONDS } from '../../src/runs/runQueue.js';
import type { RunRecord, RunStore } from '../../src/runs/runRecord.js';
import { STALE_QUEUED_MS, STALE_RUNNING_MS } from '../../src/runs/staleRunFailure.js';
import { createHuntHttpHandler } from '../../src/triggers/huntHttpHandler.js';
import { createHuntQueueHandler } from '../../src/triggers/huntQueueHandler.js';
import { createHuntRunStatusHandler } from '../../src/triggers/huntRunStatusHandler.js';
import { hostQueue } from '../support/hostQueue.js';
import { invocationContext } from '../support/invocationContext.js';
import { startHuntWorkspace, type HuntWorkspace } from '../support/huntWorkspace.js';

let hw: HuntWorkspace | undefined;
afterEach(async () => {
  await hw?.close();
  hw = undefined;
});

const context = invocationContext;

const post = (body: string) => new HttpRequest({ method: 'POST', url: 'http://localhost:7071/api/hunt', headers: { 'content-type': 'application/json' }, body: { string: body } });
const get = (runId: string) => new HttpRequest({ method: 'GET', url: `http://localhost:7071/api/hunt/runs/${runId}`, params: { runId } });

/** The run store and queue as production builds them (from the storage settings alone), and the queue as the host drives it. */
function runSide(w: HuntWorkspace) {
  const storage = w.workspace.settings['AzureWebJobsStorage']!;
  const runDeps = createRunDependencies(loadRunStorageConfig({ AzureWebJobsStorage: storage }));
  return { runDeps, queue: hostQueue(storage, 'hunt-runs') };
}

/** The same store with some methods replaced (a Table storage outage on those calls). */
function failing(runs: RunStore, overrides: Partial<RunStore>): RunStore {
  return Object.assign(Object.create(runs) as RunStore, overrides);
}

async function queuedRun(w: HuntWorkspace, runDeps: RunDependencies): Promise<string> {
  const deps = w.deps();
  const res = await createHuntHttpHandler(() => deps, () => runDeps)(post('{"lookback":"PT6H"}'), context('huntHttp'));
  expect(res.status).toBe(202);
  return (res.jsonBody as { runId: string }).runId;
}

describe('a queued run whose settings broke before it ran', () => {
  it('is recorded as failed with the configuration error, naming the setting, on its first delivery', async () => {
    hw = await startHuntWorkspace();
    const w = hw;
    const { runDeps, queue } = runSide(w);
    const runId = await queuedRun(w, runDeps);

    const broken = () => w.deps({ HUNT_SCHEDULE: 'every hour' });
    const delivery = await queue.deliverNext(createHuntQueueHandler(broken, () => runDeps));
    expect(delivery).toMatchObject({ dequeueCount: 1, result: { action: 'failed', runId } });
    expect(delivery!.error).toBeUndefined();
    expect(await queue.count()).toBe(0);
    expect(delivery!.logs).toContainEqual(expect.stringMatching(new RegExp(`^error: Run ${runId} failed after 1 attempt\\(s\\): InvalidConfiguration: .*HUNT_SCHEDULE`, 's')));

    const status = await createHuntRunStatusHandler(() => runDeps)(get(runId), context('huntRunStatus'));
    expect(status.status).toBe(500);
    expect(status.jsonBody).toMatchObject({ runId, status: 'failed', error: { code: 'InvalidConfiguration', message: expect.stringContaining('HUNT_SCHEDULE: "every hour" is not a six-field NCRONTAB expression') } });
  });

  it('when even the run store cannot be built, is thrown naming the setting (the host retries, then poisons), and its status turns failed once stale', async () => {
    hw = await startHuntWorkspace();
    const w = hw;
    const { runDeps, queue } = runSide(w);
    const runId = await queuedRun(w, runDeps);

    const noStore = () => createRunDependencies(loadRunStorageConfig({ AzureWebJobsStorage: w.workspace.settings['AzureWebJobsStorage']!, STATE_TABLE_PREFIX: 'tables' }));
    const delivery = await queue.deliverNext(createHuntQueueHandler(() => w.deps(), noStore));
    expect(delivery!.error).toMatchObject({ name: 'ConfigError', message: expect.stringContaining('STATE_TABLE_PREFIX') });
    expect(delivery!.logs).toContainEqual(expect.stringMatching(/^error: Queued run .* failed: Invalid configuration .*STATE_TABLE_PREFIX/s));

    const queuedAt = (await runDeps.runs.get(runId))!.record.updatedAt.getTime();
    const statusAt = (ms: number) => createHuntRunStatusHandler(() => runDeps, { now: () => new Date(queuedAt + ms) })(get(runId), context('huntRunStatus'));
    expect((await statusAt(STALE_QUEUED_MS - 60_000)).status).toBe(202);
    const stale = await statusAt(STALE_QUEUED_MS + 60_000);
    expect(stale.status).toBe(500);
    expect(stale.jsonBody).toMatchObject({ runId, status: 'failed', attempts: 0, error: { code: 'RunNeverStarted', message: expect.stringContaining('never started') } });
  });
});

describe('a run whose message could not be sent', () => {
  it('is removed, so a retry with its key queues it', async () => {
    hw = await startHuntWorkspace();
    const { runDeps } = runSide(hw);
    const deps = hw.deps();
    const down = { ...runDeps, queue: { send: () => Promise.reject(new ServiceError('Queue storage: send message queue hunt-runs failed: boom')) } };
    const first = await createHuntHttpHandler(() => deps, () => down)(post('{"runId":"key-1"}'), context('huntHttp'));
    expect(first.status).toBe(502);
    expect(await runDeps.runs.get('key-1')).toBeUndefined();
    const retry = await createHuntHttpHandler(() => deps, () => runDeps)(post('{"runId":"key-1"}'), context('huntHttp'));
    expect(retry).toMatchObject({ status: 202, jsonBody: { runId: 'key-1', status: 'queued' } });
  });

  it('is recorded as failed when its record cannot be removed either, and its status says it was never queued', async () => {
    hw = await startHuntWorkspace();
    const { runDeps } = runSide(hw);
    const deps = hw.deps();
    const down: RunDependencies = {
      runs: failing(runDeps.runs, { delete: () => Promise.reject(new ServiceError('Table storage: delete run failed: boom')) }),
      queue: { send: () => Promise.reject(new ServiceError('Queue storage: send message queue hunt-runs failed: boom')) },
    };
    const ctx = context('huntHttp');
    expect((await createHuntHttpHandler(() => deps, () => down)(post('{"runId":"key-2"}'), ctx)).status).toBe(502);
    expect(ctx.lines).toContainEqual(expect.stringMatching(/^error: Run key-2: its message was not sent and its record could not be removed \(removing it: Table storage: delete run failed: boom\); recorded it as failed$/));
    const status = await createHuntRunStatusHandler(() => runDeps)(get('key-2'), context('huntRunStatus'));
    expect(status.status).toBe(502);
    expect(status.jsonBody).toMatchObject({ status: 'failed', error: { code: 'RunNotQueued', message: expect.stringContaining('the run was never queued: Queue storage: send message queue hunt-runs failed: boom') } });
  });

  it('stays queued, said loudly, when the store fails on every write, and its status turns failed once no message can be left', async () => {
    hw = await startHuntWorkspace();
    const { runDeps } = runSide(hw);
    const deps = hw.deps();
    const refuse = () => Promise.reject(new ServiceError('Table storage failed: boom'));
    const down: RunDependencies = {
      runs: failing(runDeps.runs, { delete: refuse, update: refuse }),
      queue: { send: () => Promise.reject(new ServiceError('Queue storage: send message queue hunt-runs failed: boom')) },
    };
    const ctx = context('huntHttp');
    expect((await createHuntHttpHandler(() => deps, () => down)(post('{"runId":"key-3"}'), ctx)).status).toBe(502);
    expect(ctx.lines).toContainEqual(
      expect.stringMatching(/^error: Run key-3: its message was not sent and its record stays queued \(removing it: .*boom; marking it failed: .*boom\); its status reports it failed, never started, 65 minutes after it was queued$/),
    );
    const record = (await runDeps.runs.get('key-3'))!.record;
    expect(record.status).toBe('queued');
    const later = createHuntRunStatusHandler(() => runDeps, { now: () => new Date(record.updatedAt.getTime() + STALE_QUEUED_MS + 1) });
    expect(await later(get('key-3'), context('huntRunStatus'))).toMatchObject({ status: 500, jsonBody: { status: 'failed', error: { code: 'RunNeverStarted' } } });
  });
});

describe('run messages and records no delivery can move', () => {
  it('sends each run message with a time to live, so that a run not started within it can be reported', async () => {
    hw = await startHuntWorkspace();
    const { runDeps, queue } = runSide(hw);
    await queuedRun(hw, runDeps);
    const [message] = (await queue.client.peekMessages({ numberOfMessages: 1 })).peekedMessageItems;
    expect((message!.expiresOn.getTime() - message!.insertedOn.getTime()) / 1000).toBe(RUN_MESSAGE_TTL_SECONDS);
  });

  it('answers a run left running past the function timeout and a crashed delivery coming back as failed', async () => {
    hw = await startHuntWorkspace();
    const { runDeps } = runSide(hw);
    const at = new Date('2026-11-21T00:00:00Z');
    const running: RunRecord = { runId: 'r-run', status: 'running', request: '{}', dryRun: false, createdAt: at, updatedAt: at, startedAt: at, attempts: 5, claimedBy: 'm1' };
    await runDeps.runs.create(running);
    const statusAt = (ms: number) => createHuntRunStatusHandler(() => runDeps, { now: () => new Date(at.getTime() + ms) })(get('r-run'), context('huntRunStatus'));
    expect(await statusAt(STALE_RUNNING_MS)).toMatchObject({ status: 202, jsonBody: { status: 'running' } });
    expect(await statusAt(STALE_RUNNING_MS + 1)).toMatchObject({ status: 500, jsonBody: { status: 'failed', attempts: 5, error: { code: 'RunAbandoned', message: expect.stringContaining('longer than the function timeout allows') } } });
  });
});
