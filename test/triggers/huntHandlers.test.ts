import { HttpRequest, InvocationContext, type Timer } from '@azure/functions';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import type { HuntDependencies } from '../../src/hunt/runHunt.js';
import { createHuntHttpHandler } from '../../src/triggers/huntHttpHandler.js';
import { createHuntStatusHandler } from '../../src/triggers/huntStatusHandler.js';
import { createHuntTimerHandler } from '../../src/triggers/huntTimerHandler.js';
import { FIXTURE_EXTERNAL_IPS, startHuntWorkspace, type HuntWorkspace } from '../support/huntWorkspace.js';

let hw: HuntWorkspace | undefined;
afterEach(async () => {
  await hw?.close();
  hw = undefined;
});

function context(name: string): InvocationContext & { lines: string[] } {
  const lines: string[] = [];
  const ctx = new InvocationContext({ functionName: name, invocationId: `test-${name}`, logHandler: (level, ...args) => lines.push(`${level}: ${args.join(' ')}`) });
  return Object.assign(ctx, { lines });
}

function post(body: string | undefined): HttpRequest {
  return new HttpRequest({
    method: 'POST',
    url: 'http://localhost:7071/api/hunt',
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined ? { body: { string: body } } : {}),
  });
}

/** Resolves once the running hunt has reached its (delayed) query, i.e. holds the run lock. */
async function queryStarted(w: HuntWorkspace): Promise<void> {
  for (let i = 0; i < 500 && w.workspace.logAnalytics.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  expect(w.workspace.logAnalytics.requests.length).toBeGreaterThan(0);
}

const timer: Timer = { isPastDue: true, schedule: { adjustForDST: false }, scheduleStatus: { last: '', next: '', lastUpdated: '' } };

describe('HTTP and timer handlers', () => {
  it('POST /api/hunt runs the hunt and answers with the summary', async () => {
    hw = await startHuntWorkspace();
    const deps = hw.deps();
    const res = await createHuntHttpHandler(() => deps)(post(JSON.stringify({ start: '2026-11-20T00:00:00Z', end: '2026-11-21T00:00:00Z' })), context('huntHttp'));
    expect(res.status).toBe(200);
    const summary = res.jsonBody as { newIps: string[]; window: { start: string; end: string }; incidents: { action: string }[] };
    expect([...summary.newIps].sort()).toEqual(FIXTURE_EXTERNAL_IPS);
    expect(summary.window).toMatchObject({ start: '2026-11-20T00:00:00.000Z', end: '2026-11-21T00:00:00.000Z' });
    expect(summary.incidents).toHaveLength(FIXTURE_EXTERNAL_IPS.length);
    for (const incident of summary.incidents) expect(incident).toMatchObject({ action: 'created' });
  });

  it.each([
    ['{', 'body'],
    ['[1]', 'body'],
    ['{"lookback":"PT1H","start":"2026-11-20T00:00:00Z"}', 'lookback'],
    ['{"dryRun":"no"}', 'dryRun'],
    ['{"exclusions":{"cidrs":["300.1.1.1/8"]}}', 'exclusions.cidrs[0]'],
    ['{"unknown":1}', 'unknown'],
  ])('answers 400 naming the field for %s', async (body, field) => {
    hw = await startHuntWorkspace();
    const deps = hw.deps();
    const res = await createHuntHttpHandler(() => deps)(post(body), context('huntHttp'));
    expect(res.status).toBe(400);
    expect(res.jsonBody).toMatchObject({ error: { code: 'BadRequest', field } });
    expect(hw.workspace.logAnalytics.requests).toHaveLength(0);
  });

  it('answers 500 naming every bad setting when the configuration is invalid', async () => {
    const res = await createHuntHttpHandler(() => {
      throw new ConfigError([
        { setting: 'LOG_ANALYTICS_WORKSPACE_ID', message: 'is required' },
        { setting: 'EXCLUDED_CIDRS', message: '"10.0.0.0/33" is not a valid CIDR' },
      ]);
    })(post('{}'), context('huntHttp'));
    expect(res.status).toBe(500);
    expect(res.jsonBody).toMatchObject({ error: { code: 'InvalidConfiguration', settings: ['LOG_ANALYTICS_WORKSPACE_ID', 'EXCLUDED_CIDRS'] } });
  });

  it('answers 502 when Log Analytics fails, naming the workspace', async () => {
    hw = await startHuntWorkspace();
    hw.workspace.logAnalytics.faults.next({ kind: 'status', status: 503 }, { times: 10 });
    const deps = hw.deps();
    const res = await createHuntHttpHandler(() => deps)(post('{"lookback":"PT6H"}'), context('huntHttp'));
    expect(res.status).toBe(502);
    expect(JSON.stringify(res.jsonBody)).toContain(deps.config.query.workspaceId);
  });

  it('lets only one of a timer run and an HTTP run publish at a time: the HTTP one gets 409', async () => {
    hw = await startHuntWorkspace();
    hw.workspace.logAnalytics.faults.next({ kind: 'delay', ms: 1500 });
    const deps: HuntDependencies = hw.deps();
    const timerRun = createHuntTimerHandler(() => deps)(timer, context('huntTimer'));
    await queryStarted(hw);
    const httpRes = await createHuntHttpHandler(() => deps)(post('{"lookback":"PT6H"}'), context('huntHttp'));
    expect(httpRes.status).toBe(409);
    expect(httpRes.jsonBody).toMatchObject({ error: { code: 'RunInProgress' } });
    const summary = await timerRun;
    expect(summary?.newIps).toHaveLength(4);
  });

  it('skips the timer run, without failing, while an HTTP run holds the lock', async () => {
    hw = await startHuntWorkspace();
    hw.workspace.logAnalytics.faults.next({ kind: 'delay', ms: 1500 });
    const deps = hw.deps();
    const httpRun = createHuntHttpHandler(() => deps)(post('{"lookback":"PT6H"}'), context('huntHttp'));
    await queryStarted(hw);
    const ctx = context('huntTimer');
    await expect(createHuntTimerHandler(() => deps)(timer, ctx)).resolves.toBeUndefined();
    expect(ctx.lines).toEqual(expect.arrayContaining([expect.stringMatching(/past due/), expect.stringMatching(/skipped: Hunt run in progress/)]));
    expect((await httpRun).status).toBe(200);
    expect(await deps.state.getCheckpoint()).toBeUndefined();
  });

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
    // The next invocation logs to its own context, not to the first one's.
    const second = context('huntHttp');
    await createHuntHttpHandler(() => deps)(post('{"lookback":"PT6H"}'), second);
    expect(second.lines).toContainEqual(expect.stringMatching(/^information: HuntSummary \{/));
    expect(first.lines.filter((l) => l.includes('HuntSummary'))).toHaveLength(1);
  });

  it('GET /api/hunt/status shows the last run and the checkpoint', async () => {
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
