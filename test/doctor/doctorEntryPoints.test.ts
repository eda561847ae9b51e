import { HttpRequest, InvocationContext } from '@azure/functions';
import { afterEach, describe, expect, it } from 'vitest';
import { createHuntDoctorHandler } from '../../src/triggers/huntDoctorHandler.js';
import { startLocalWorkspace, type LocalWorkspace } from '../../local/startLocalWorkspace.js';
import { generateSecurityEvents } from '../../local/sample/generateSecurityEvents.js';
import { parseTableRows } from '../../local/tables/parseTableRows.js';
import { runCli } from '../support/runCli.js';

let workspace: LocalWorkspace | undefined;
afterEach(async () => {
  await workspace?.close();
  workspace = undefined;
});

describe('doctor entry points', () => {
  it('`doctor --local --write-test --json` passes every check and exits 0', async () => {
    const run = await runCli(['doctor', '--local', '--write-test', '--json']);
    expect(run.stderr).toBe('');
    const { checks } = JSON.parse(run.stdout) as { checks: { name: string; status: string; detail: string }[] };
    expect(checks).not.toHaveLength(0);
    for (const check of checks) expect(check).toMatchObject({ status: 'ok', detail: expect.any(String) });
    expect(checks.map((c) => c.name)).toContain('write test: IP entity on the incident');
    expect(run.code).toBe(0);
  });

  it('`doctor` exits 1 and says which settings are missing when the environment has none', async () => {
    const run = await runCli(['doctor'], { env: {} });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/settings\s+fail\s+fix these app settings/);
  });

  it('GET /api/hunt/doctor answers the checks, 200 when none failed and 503 when one did', async () => {
    const now = Date.now();
    const sample = generateSecurityEvents({ rows: 50, seed: 2, start: new Date(now - 86_400_000 + 60_000), days: 1 }).rows;
    const w = (workspace = await startLocalWorkspace({ tables: { SecurityEvent: parseTableRows('SecurityEvent', sample.map((r) => JSON.stringify(r)).join('\n')) } }));
    const handler = createHuntDoctorHandler(() => ({ env: w.settings, ...w.dependencyOptions, pollIntervalMs: 10 }));
    const get = (query: string) => new HttpRequest({ method: 'GET', url: `http://localhost/api/hunt/doctor${query}` });
    const context = () => new InvocationContext({ functionName: 'huntDoctor', invocationId: 'test', logHandler: () => {} });
    const ok = await handler(get('?writeTest=true'), context());
    expect(ok.status).toBe(200);
    const body = ok.jsonBody as { checks: { status: string }[] };
    for (const check of body.checks) expect(check).toMatchObject({ status: 'ok' });
    w.logAnalytics.behaviour.denyQuery = true;
    expect((await handler(get(''), context())).status).toBe(503);
    const bad = await handler(get('?entityTimeout=soon'), context());
    expect(bad).toMatchObject({ status: 400, jsonBody: { error: { field: 'entityTimeout' } } });
  });
});
