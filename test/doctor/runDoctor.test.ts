import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { runDoctor, type DoctorOptions } from '../../src/doctor/runDoctor.js';
import type { DoctorCheck } from '../../src/doctor/doctorCheck.js';
import { generateSecurityEvents } from '../../local/sample/generateSecurityEvents.js';
import { startLocalWorkspace, type LocalWorkspace } from '../../local/startLocalWorkspace.js';
import { parseTableRows } from '../../local/tables/parseTableRows.js';
import { httpDowngradingClient } from '../../local/http/httpDowngradingClient.js';
import { staticTokenCredential } from '../../local/http/staticTokenCredential.js';
import { startStallingServer } from '../support/startStallingServer.js';
import { testSettings } from '../support/testSettings.js';

let workspace: LocalWorkspace | undefined;
afterEach(async () => {
  await workspace?.close();
  workspace = undefined;
});

async function start(rows?: Record<string, unknown>[]): Promise<LocalWorkspace> {
  const now = new Date();
  const sample = rows ?? generateSecurityEvents({ rows: 100, seed: 3, start: new Date(now.getTime() - 86_400_000 + 60_000), days: 1 }).rows;
  workspace = await startLocalWorkspace({ tables: { SecurityEvent: parseTableRows('SecurityEvent', sample.map((r) => JSON.stringify(r)).join('\n')) } });
  return workspace;
}

function options(w: LocalWorkspace, extra: Partial<DoctorOptions> = {}): DoctorOptions {
  return { env: w.settings, ...w.dependencyOptions, pollIntervalMs: 10, ...extra };
}

const byName = (checks: readonly DoctorCheck[], name: string) => checks.find((c) => c.name === name);

describe('runDoctor', () => {
  it('passes every check against the local workspace, the write test included, and leaves nothing behind', async () => {
    const w = await start();
    const checks = await runDoctor(options(w, { writeTest: true }));
    expect(checks.map((c) => c.name)).toEqual([
      'settings',
      'heap',
      'token https://api.loganalytics.io/.default',
      'token https://management.azure.com/.default',
      'query permission',
      'command lines',
      'api-version',
      'sentinel read',
      'exclusion watchlist',
      'state storage',
      'write test: create',
      'write test: IP entity on the incident',
      'write test: clean-up',
    ]);
    for (const check of checks) expect(check).toMatchObject({ status: 'ok' });
    expect(byName(checks, 'write test: IP entity on the incident')!.detail).toMatch(/192\.0\.2\.1 appeared/);
    expect([w.sentinel.store.count('incident'), w.sentinel.store.count('bookmark'), w.sentinel.store.count('relation')]).toEqual([0, 0, 0]);
  });

  it('fails the settings check naming each bad setting, and checks nothing else', async () => {
    const checks = await runDoctor({ env: { SENTINEL_API_VERSION: '2025-09-01' } });
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ name: 'settings', status: 'fail', detail: expect.stringContaining('SENTINEL_API_VERSION') });
    expect(checks[0]!.detail).toContain('LOG_ANALYTICS_WORKSPACE_ID');
  });

  it('names the role to grant when Sentinel or the query API answers 403', async () => {
    const w = await start();
    w.sentinel.deniedActions.add('Microsoft.SecurityInsights/incidents/read');
    w.logAnalytics.behaviour.denyQuery = true;
    const checks = await runDoctor(options(w));
    expect(byName(checks, 'sentinel read')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^permission denied \(403\): grant Microsoft\.SecurityInsights\/incidents\/read .*Microsoft Sentinel Reader/) });
    expect(byName(checks, 'query permission')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^permission denied \(403\): grant .*Log Analytics Reader/) });
    expect(byName(checks, 'state storage')).toMatchObject({ status: 'ok' });
  });

  it('says the command-line audit policy is off when 4688 events carry no command line', async () => {
    const now = Date.now();
    const rows = [1, 2, 3].map((i) => ({ TimeGenerated: new Date(now - i * 3_600_000).toISOString(), EventID: 4688, Computer: 'WS1', Account: 'CONTOSO\\ann', Process: 'cmd.exe', CommandLine: '' }));
    const w = await start(rows);
    const checks = await runDoctor(options(w));
    expect(byName(checks, 'command lines')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/3 process creation events .* none with a command line: the audit policy "Include command line in process creation events" is off/) });
  });

  it('polls the incident until the IP entity appears when Sentinel resolves entities late', async () => {
    const w = await start();
    w.sentinel.behaviour.entityDelayMs = 3_600_000;
    let polls = 0;
    // The entities "arrive" after the second wait: each sleep is one poll interval of a fake clock.
    const sleep = async () => {
      polls += 1;
      if (polls === 2) w.sentinel.behaviour.entityDelayMs = 0;
    };
    const checks = await runDoctor(options(w, { writeTest: true, sleep, pollIntervalMs: 1000, entityTimeoutMs: 60_000, elapsed: () => polls * 1000 }));
    expect(byName(checks, 'write test: IP entity on the incident')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/after 2 s \(3 read\(s\)\)/) });
  });

  it('warns, and still cleans up, when the IP entity does not appear before the timeout', async () => {
    const w = await start();
    w.sentinel.behaviour.entityDelayMs = 3_600_000;
    let polls = 0;
    const checks = await runDoctor(
      options(w, { writeTest: true, sleep: async () => void (polls += 1), pollIntervalMs: 1000, entityTimeoutMs: 5000, elapsed: () => polls * 1000 }),
    );
    expect(byName(checks, 'write test: IP entity on the incident')).toMatchObject({ status: 'warn', detail: expect.stringMatching(/did not appear within 5 s .*--entity-timeout/) });
    expect(byName(checks, 'write test: clean-up')).toMatchObject({ status: 'ok' });
    expect(w.sentinel.store.count('incident')).toBe(0);
  });

  it('fails the write test naming the permission when bookmarks may not be written', async () => {
    const w = await start();
    w.sentinel.deniedActions.add('Microsoft.SecurityInsights/Bookmarks/write');
    const checks = await runDoctor(options(w, { writeTest: true }));
    expect(byName(checks, 'write test: create')).toMatchObject({ status: 'fail', detail: expect.stringContaining('grant Microsoft.SecurityInsights/Bookmarks/write') });
    expect(byName(checks, 'write test: clean-up')).toMatchObject({ status: 'ok' });
  });
});

describe('runDoctor against services that send headers and then stall', () => {
  it('fails each service check with the timeout named instead of hanging', async () => {
    const server = await startStallingServer();
    try {
      const account = 'devstoreaccount1';
      const env = testSettings({
        LOG_ANALYTICS_ENDPOINT: `https://127.0.0.1:${server.port}/v1`,
        SENTINEL_ENDPOINT: `https://127.0.0.1:${server.port}`,
        AzureWebJobsStorage:
          `DefaultEndpointsProtocol=http;AccountName=${account};AccountKey=${randomBytes(64).toString('base64')};` +
          `TableEndpoint=http://127.0.0.1:${server.port}/${account};`,
      });
      const checks = await runDoctor({
        env,
        credential: staticTokenCredential(),
        httpClient: httpDowngradingClient(),
        retryDelayInMs: 10,
        requestTimeouts: { logAnalytics: 200, sentinel: 200, table: 200 },
      });
      const timedOut = (service: string) => ({ status: 'fail', detail: expect.stringMatching(new RegExp(`${service}: (GET|POST|PUT) \\S+ did not complete within 200 ms \\(client-side timeout`)) });
      expect(byName(checks, 'query permission')).toMatchObject(timedOut('Log Analytics'));
      expect(byName(checks, 'sentinel read')).toMatchObject(timedOut('Sentinel'));
      expect(byName(checks, 'state storage')).toMatchObject(timedOut('Table storage'));
      expect(byName(checks, 'token https://api.loganalytics.io/.default')).toMatchObject({ status: 'ok' });
    } finally {
      await server.close();
    }
  });

  it('fails the token check when the identity endpoint stalls', async () => {
    const deaf = { getToken: () => new Promise<null>(() => undefined) };
    const w = await start();
    const checks = await runDoctor(options(w, { credential: deaf, requestTimeouts: { token: 100, logAnalytics: 500, sentinel: 500, table: 500 } }));
    expect(byName(checks, 'token https://api.loganalytics.io/.default')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('a token for https://api.loganalytics.io/.default did not arrive within 100 ms (client-side timeout)'),
    });
  });
});
