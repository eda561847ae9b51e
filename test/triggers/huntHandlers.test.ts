import { HttpRequest, type Timer } from '@azure/functions';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import type { HuntDependencies } from '../../src/hunt/runHunt.js';
import { createRunDependencies } from '../../src/runs/createRunDependencies.js';
import type { RunDependencies } from '../../src/runs/runDependencies.js';
import { createHuntHttpHandler } from '../../src/triggers/huntHttpHandler.js';
import { createHuntQueueHandler } from '../../src/triggers/huntQueueHandler.js';
import { createHuntRunStatusHandler } from '../../src/triggers/huntRunStatusHandler.js';
import { createHuntStatusHandler } from '../../src/triggers/huntStatusHandler.js';
import { createHuntTimerHandler } from '../../src/triggers/huntTimerHandler.js';
import { hostQueue } from '../support/hostQueue.js';
import { invocationContext } from '../support/invocationContext.js';
import { FIXTURE_EXTERNAL_IPS, startHuntWorkspace, type HuntWorkspace } from '../support/huntWorkspace.js';

let hw: HuntWorkspace | undefined;
afterEach(async () => {
  await hw?.close();
  hw = undefined;
});

const context = invocationContext;

function post(body: string | undefined, headers: Record<string, string> = {}, url = 'http://localhost:7071/api/hunt'): HttpRequest {
  return new HttpRequest({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body !== undefined ? { body: { string: body } } : {}),
  });
}

/** GET the Location a 202 pointed at, as a Logic Apps HTTP action polls it (the route parameter filled in by the host). */
function get(location: string): HttpRequest {
  const runId = decodeURIComponent(new URL(location).pathname.split('/').pop()!);
  return new HttpRequest({ method: 'GET', url: location, params: { runId } });
}

/** Resolves once the running hunt has reached its (delayed) query, i.e. holds the run lock. */
async function queryStarted(w: HuntWorkspace): Promise<void> {
  for (let i = 0; i < 500 && w.workspace.logAnalytics.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  expect(w.workspace.logAnalytics.requests.length).toBeGreaterThan(0);
}

const timer: Timer = { isPastDue: true, schedule: { adjustForDST: false }, scheduleStatus: { last: '', next: '', lastUpdated: '' } };

/** The app as the host runs it: the HTTP, status and queue handlers over one workspace, and its queue as the host drives it. */
function app(w: HuntWorkspace, settings: Record<string, string> = {}) {
  const deps: HuntDependencies = w.deps(settings);
  const runDeps: RunDependencies = createRunDependencies(deps.config);
  const queue = hostQueue(w.workspace.settings['AzureWebJobsStorage']!, deps.config.asyncRuns.queueName);
  return {
    deps,
    runDeps,
    queue,
    post: createHuntHttpHandler(() => deps, () => runDeps),
    status: createHuntRunStatusHandler(() => runDeps, { now: deps.now }),
    queueHandler: createHuntQueueHandler(() => deps, () => runDeps, { lockWaitSeconds: 0 }),
  };
}

describe('POST /api/hunt queues the run (asynchronous request-reply)', () => {
  it('answers 202 with Location and Retry-After; the queued run completes and its status URL then answers 200 with the summary', async () => {
    hw = await startHuntWorkspace();
    const a = app(hw);
    const res = await a.post(post(JSON.stringify({ start: '2026-11-20T00:00:00Z', end: '2026-11-21T00:00:00Z' })), context('huntHttp'));
    expect(res.status).toBe(202);
    const { runId } = res.jsonBody as { runId: string };
    expect(res.jsonBody).toEqual({ runId: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'queued' });
    const headers = res.headers as Record<string, string>;
    expect(headers['Location']).toBe(`http://localhost:7071/api/hunt/runs/${runId}`);
    expect(Number(headers['Retry-After'])).toBeGreaterThan(0);
    expect(hw.workspace.logAnalytics.requests).toHaveLength(0);

    const polled = await a.status(get(headers['Location']!), context('huntRunStatus'));
    expect(polled.status).toBe(202);
    expect(polled.jsonBody).toMatchObject({ runId, status: 'queued', attempts: 0 });
    expect((polled.headers as Record<string, string>)['Location']).toBe(headers['Location']);

    const delivery = await a.queue.deliverNext(a.queueHandler);
    expect(JSON.parse(delivery!.text)).toEqual({ runId });
    expect(delivery).toMatchObject({ dequeueCount: 1, result: { action: 'succeeded', runId } });
    expect(await a.queue.count()).toBe(0);

    const done = await a.status(get(headers['Location']!), context('huntRunStatus'));
    expect(done.status).toBe(200);
    const body = done.jsonBody as { status: string; summary: { newIps: string[]; window: unknown; incidents: { action: string }[] } };
    expect(body).toMatchObject({ runId, status: 'succeeded', attempts: 1, finishedAt: expect.any(String) });
    expect([...body.summary.newIps].sort()).toEqual(FIXTURE_EXTERNAL_IPS);
    expect(body.summary.window).toMatchObject({ start: '2026-11-20T00:00:00.000Z', end: '2026-11-21T00:00:00.000Z' });
    expect(body.summary.incidents).toHaveLength(FIXTURE_EXTERNAL_IPS.length);
    for (const incident of body.summary.incidents) expect(incident).toMatchObject({ action: 'created' });
  });

  it('keeps the function key of the request in Location, under whatever host and route prefix the request used', async () => {
    hw = await startHuntWorkspace();
    const a = app(hw);
    const res = await a.post(post('{}', {}, 'https://fa.example.net/api/hunt?code=k3y%2B'), context('huntHttp'));
    const location = (res.headers as Record<string, string>)['Location']!;
    expect(location).toMatch(/^https:\/\/fa\.example\.net\/api\/hunt\/runs\/[0-9a-f-]{36}\?code=k3y%2B$/);
  });

  it('covers a lookback back from when the run was requested', async () => {
    hw = await startHuntWorkspace();
    const a = app(hw);
    await a.post(post('{"lookback":"PT6H"}'), context('huntHttp'));
    const delivery = await a.queue.deliverNext(a.queueHandler);
    const runId = (delivery!.result as { runId: string }).runId;
    const summary = (await a.runDeps.runs.getSummary(runId)) as { window: { start: string; end: string } };
    expect(summary.window).toMatchObject({ start: '2026-11-20T18:00:00.000Z', end: '2026-11-21T00:00:00.000Z' });
  });

  it.each([
    ['{', 'body'],
    ['[1]', 'body'],
    ['{"lookback":"PT1H","start":"2026-11-20T00:00:00Z"}', 'lookback'],
    ['{"dryRun":"no"}', 'dryRun'],
    ['{"exclusions":{"cidrs":["300.1.1.1/8"]}}', 'exclusions.cidrs[0]'],
    ['{"unknown":1}', 'unknown'],
    ['{"runId":"a/b"}', 'runId'],
  ])('answers 400 naming the field for %s, and queues nothing', async (body, field) => {
    hw = await startHuntWorkspace();
    const a = app(hw);
    const res = await a.post(post(body), context('huntHttp'));
    expect(res.status).toBe(400);
    expect(res.jsonBody).toMatchObject({ error: { code: 'BadRequest', field } });
    expect(await a.queue.count()).toBe(0);
    expect(hw.workspace.logAnalytics.requests).toHaveLength(0);
  });

  it('answers 500 naming every bad setting when the configuration is invalid', async () => {
    const fail = () => {
      throw new ConfigError([
        { setting: 'LOG_ANALYTICS_WORKSPACE_ID', message: 'is required' },
        { setting: 'EXCLUDED_CIDRS', message: '"10.0.0.0/33" is not a valid CIDR' },
      ]);
    };
    const res = await createHuntHttpHandler(fail, fail)(post('{}'), context('huntHttp'));
    expect(res.status).toBe(500);
    expect(res.jsonBody).toMatchObject({ error: { code: 'InvalidConfiguration', settings: ['LOG_ANALYTICS_WORKSPACE_ID', 'EXCLUDED_CIDRS'] } });
  });
});

describe('costly requests', () => {
  it('answers 429 naming HUNT_MAX_CONCURRENT_DRY_RUNS, with Retry-After, once that many dry runs are queued or running', async () => {
    hw = await startHuntWorkspace();
    const a = app(hw, { HUNT_MAX_CONCURRENT_DRY_RUNS: '2' });
    for (const key of ['d1', 'd2']) expect((await a.post(post(`{"dryRun":true,"runId":"${key}"}`), context('huntHttp'))).status).toBe(202);
    const third = await a.post(post('{"dryRun":true}'), context('huntHttp'));
    expect(third.status).toBe(429);
    expect(third.jsonBody).toMatchObject({ error: { code: 'TooManyRequests', limit: 'HUNT_MAX_CONCURRENT_DRY_RUNS' } });
    expect(Number((third.headers as Record<string, string>)['Retry-After'])).toBeGreaterThan(0);
    // A repeat of a queued dry run is not a new one; a real run is not held back by dry runs.
    expect((await a.post(post('{"dryRun":true,"runId":"d1"}'), context('huntHttp'))).status).toBe(202);
    expect((await a.post(post('{}'), context('huntHttp'))).status).toBe(202);

    await a.queue.deliverNext(a.queueHandler);
    expect((await a.post(post('{"dryRun":true}'), context('huntHttp'))).status).toBe(202);
  });
});

describe('GET /api/hunt/runs/{runId}', () => {
  it('answers 404 for an unknown run and 400 for a malformed id', async () => {
    hw = await startHuntWorkspace();
    const a = app(hw);
    const unknown = await a.status(get('http://localhost/api/hunt/runs/no-such-run'), context('huntRunStatus'));
    expect(unknown.status).toBe(404);
    expect(unknown.jsonBody).toMatchObject({ error: { code: 'RunNotFound' } });
    const bad = await a.status(new HttpRequest({ method: 'GET', url: 'http://localhost/api/hunt/runs/x', params: { runId: '-x' } }), context('huntRunStatus'));
    expect(bad.status).toBe(400);
    expect(bad.jsonBody).toMatchObject({ error: { code: 'BadRequest', field: 'runId' } });
  });

  it('retries a run whose query fails, then records it failed on the last delivery and answers 502 naming the workspace', async () => {
    hw = await startHuntWorkspace();
    hw.workspace.logAnalytics.faults.next({ kind: 'status', status: 503 }, { times: 1000 });
    const a = app(hw);
    const location = (await a.post(post('{"lookback":"PT6H"}'), context('huntHttp'))).headers as Record<string, string>;
    const deliveries = [];
    for (let i = 0; i < 5; i++) deliveries.push(await a.queue.deliverNext(a.queueHandler));
    expect(deliveries.map((d) => d?.dequeueCount)).toEqual([1, 2, 3, 4, 5]);
    for (const d of deliveries.slice(0, 4)) expect(d?.error).toMatchObject({ name: 'ServiceError' });
    expect(deliveries[4]).toMatchObject({ result: { action: 'failed' } });
    expect(deliveries[4]!.logs).toEqual(expect.arrayContaining([expect.stringMatching(/^error: Run .* failed after 5 attempt\(s\): ServiceFailed/)]));
    expect(await a.queue.count()).toBe(0);
    expect(await a.queue.poison.exists()).toBe(false);

    const res = await a.status(get(location['Location']!), context('huntRunStatus'));
    expect(res.status).toBe(502);
    expect(res.jsonBody).toMatchObject({ status: 'failed', attempts: 5, error: { code: 'ServiceFailed' } });
    expect(JSON.stringify(res.jsonBody)).toContain(a.deps.config.query.workspaceId);
  });
});

describe('idempotency keys', () => {
  it('never starts two runs for one key: a repeat answers 202 with the same run, another body with the key answers 422', async () => {
    hw = await startHuntWorkspace();
    const a = app(hw);
    const first = await a.post(post('{"runId":"wf-run-1","lookback":"PT6H"}'), context('huntHttp'));
    const again = await a.post(post('{"lookback":"PT6H","runId":"wf-run-1"}'), context('huntHttp'));
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.jsonBody).toEqual({ runId: 'wf-run-1', status: 'queued' });
    expect((again.headers as Record<string, string>)['Location']).toBe((first.headers as Record<string, string>)['Location']);
    expect(await a.queue.count()).toBe(1);

    const other = await a.post(post('{"runId":"wf-run-1","lookback":"PT1H"}'), context('huntHttp'));
    expect(other.status).toBe(422);
    expect(other.jsonBody).toMatchObject({ error: { code: 'IdempotencyKeyReused', field: 'runId' } });

    await a.queue.deliverNext(a.queueHandler);
    const afterRun = await a.post(post('{"runId":"wf-run-1","lookback":"PT6H"}'), context('huntHttp'));
    expect(afterRun.jsonBody).toEqual({ runId: 'wf-run-1', status: 'succeeded' });
    expect(await a.queue.count()).toBe(0);
    expect(hw.workspace.logAnalytics.requests).toHaveLength(1);
  });

  it('takes the key from the Idempotency-Key header too, and refuses a body key that differs from it', async () => {
    hw = await startHuntWorkspace();
    const a = app(hw);
    const res = await a.post(post('{}', { 'Idempotency-Key': 'key-7' }), context('huntHttp'));
    expect(res.jsonBody).toEqual({ runId: 'key-7', status: 'queued' });
    const reused = await a.post(post('{"dryRun":true}', { 'Idempotency-Key': 'key-7' }), context('huntHttp'));
    expect(reused.jsonBody).toMatchObject({ error: { code: 'IdempotencyKeyReused', field: 'Idempotency-Key' } });
    const mismatch = await a.post(post('{"runId":"key-8"}', { 'Idempotency-Key': 'key-7' }), context('huntHttp'));
    expect(mismatch.status).toBe(400);
    expect(mismatch.jsonBody).toMatchObject({ error: { field: 'runId' } });
  });
});

describe('the queue trigger', () => {
  it('drops poison messages (not JSON, no run id, unknown run) with an error logged, and never throws for them', async () => {
    hw = await startHuntWorkspace();
    const a = app(hw);
    await a.queue.client.createIfNotExists();
    for (const text of ['not json', '{"hello":1}', '{"runId":"never-requested"}']) await a.queue.client.sendMessage(Buffer.from(text).toString('base64'));
    const deliveries = [await a.queue.deliverNext(a.queueHandler), await a.queue.deliverNext(a.queueHandler), await a.queue.deliverNext(a.queueHandler)];
    for (const d of deliveries) expect(d).toMatchObject({ dequeueCount: 1, result: { action: 'dropped' } });
    expect(deliveries[0]!.logs).toEqual([expect.stringMatching(/^error: Poison run message .* is not JSON/)]);
    expect(deliveries[1]!.logs).toEqual([expect.stringMatching(/^error: Poison run message .* has no valid runId/)]);
    expect(deliveries[2]!.logs).toEqual([expect.stringMatching(/^warning: Run never-requested: .*\(no such run/)]);
    expect(await a.queue.count()).toBe(0);
    expect(hw.workspace.logAnalytics.requests).toHaveLength(0);
  });

  it('runs a run once when its message is delivered twice', async () => {
    hw = await startHuntWorkspace();
    const a = app(hw);
    const { runId } = (await a.post(post('{"lookback":"PT6H"}'), context('huntHttp'))).jsonBody as { runId: string };
    await a.runDeps.queue.send({ runId });
    const first = await a.queue.deliverNext(a.queueHandler);
    const second = await a.queue.deliverNext(a.queueHandler);
    expect(first?.result).toMatchObject({ action: 'succeeded', runId });
    expect(second?.result).toMatchObject({ action: 'dropped', runId, reason: 'the run already succeeded' });
    expect(hw.workspace.logAnalytics.requests).toHaveLength(1);
  });

  it('makes a queued run wait while a timer run holds the lock, without using up deliveries, then completes it', async () => {
    hw = await startHuntWorkspace();
    hw.workspace.logAnalytics.faults.next({ kind: 'delay', ms: 1500 });
    const a = app(hw);
    const timerRun = createHuntTimerHandler(() => a.deps)(timer, context('huntTimer'));
    await queryStarted(hw);
    const { runId } = (await a.post(post('{"lookback":"PT6H"}'), context('huntHttp'))).jsonBody as { runId: string };
    const waited = await a.queue.deliverNext(a.queueHandler);
    expect(waited).toMatchObject({ dequeueCount: 1, result: { action: 'waiting', runId } });
    expect((await a.runDeps.runs.get(runId))?.record).toMatchObject({ status: 'queued', note: expect.stringMatching(/waiting for the run lock/) });
    expect((await timerRun)?.newIps).toHaveLength(4);

    const done = await a.queue.deliverNext(a.queueHandler);
    expect(done).toMatchObject({ dequeueCount: 1, result: { action: 'succeeded', runId } });
    expect((await a.runDeps.runs.get(runId))?.record).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('lets the timer skip, without failing, while a queued run holds the lock', async () => {
    hw = await startHuntWorkspace();
    hw.workspace.logAnalytics.faults.next({ kind: 'delay', ms: 1500 });
    const a = app(hw);
    await a.post(post('{"lookback":"PT6H"}'), context('huntHttp'));
    const queued = a.queue.deliverNext(a.queueHandler);
    await queryStarted(hw);
    const ctx = context('huntTimer');
    await expect(createHuntTimerHandler(() => a.deps)(timer, ctx)).resolves.toBeUndefined();
    expect(ctx.lines).toEqual(expect.arrayContaining([expect.stringMatching(/past due/), expect.stringMatching(/skipped: Hunt run in progress/)]));
    expect((await queued)?.result).toMatchObject({ action: 'succeeded' });
    expect(await a.deps.state.getCheckpoint()).toBeUndefined();
  });
});

describe('telemetry', () => {
  it("logs each IP's publish failure and one parseable HuntSummary line to the invocation's own log, with cached dependencies", async () => {
    hw = await startHuntWorkspace();
    // One set of dependencies serves every invocation, as functions/dependencies.ts caches it.
    const deps = hw.deps();
    hw.workspace.sentinel.faults.next(
      { kind: 'status', status: 400, code: 'BadRequest', message: 'injected rejection' },
      { match: (r) => r.method === 'PUT' && r.path.includes('/bookmarks/') },
    );
    const first = context('huntTimer');
    const summary = await createHuntTimerHandler(() => deps)({ ...timer, isPastDue: false }, first);
    const failedIp = summary!.incidents.find((i) => i.action === 'failed')!.ip;
    expect(first.lines).toContainEqual(expect.stringMatching(new RegExp(`^warning: Publishing ${failedIp.replace(/\./g, '\\.')} failed: PUT bookmark .* injected rejection`)));
    const line = first.lines.find((l) => l.startsWith('information: HuntSummary '));
    expect(JSON.parse(line!.slice('information: HuntSummary '.length))).toMatchObject({
      runId: summary!.runId,
      trigger: 'timer',
      newIps: summary!.newIps.length,
      incidentsCreated: summary!.newIps.length - 1,
      incidentsFailed: 1,
      checkpointAdvanced: true,
      totalMs: expect.any(Number),
    });
    // The next invocation (a queued run) logs to its own context, not to the first one's.
    const runDeps = createRunDependencies(deps.config);
    const queue = hostQueue(hw.workspace.settings['AzureWebJobsStorage']!, deps.config.asyncRuns.queueName);
    await createHuntHttpHandler(() => deps, () => runDeps)(post('{"lookback":"PT6H"}'), context('huntHttp'));
    const second = await queue.deliverNext(createHuntQueueHandler(() => deps, () => runDeps));
    expect(second?.logs).toContainEqual(expect.stringMatching(/^information: HuntSummary \{/));
    expect(first.lines.filter((l) => l.includes('HuntSummary'))).toHaveLength(1);
  });

});

describe('GET /api/hunt/status', () => {
  it('shows the last run and the checkpoint', async () => {
    hw = await startHuntWorkspace();
    const deps = hw.deps();
    const status = createHuntStatusHandler(() => deps);
    const before = await status(new HttpRequest({ method: 'GET', url: 'http://localhost/api/hunt/status' }), context('huntStatus'));
    expect(before.jsonBody).toEqual({ checkpoint: null, lastRun: null });
    await createHuntTimerHandler(() => deps)({ ...timer, isPastDue: false }, context('huntTimer'));
    const after = await status(new HttpRequest({ method: 'GET', url: 'http://localhost/api/hunt/status' }), context('huntStatus'));
    expect(after.jsonBody).toMatchObject({ checkpoint: '2026-11-21T00:00:00.000Z', lastRun: { trigger: 'timer', newIps: expect.any(Array) } });
  });
});
