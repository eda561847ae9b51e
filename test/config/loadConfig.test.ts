import { describe, expect, it } from 'vitest';
import { loadConfig, loadDetectionConfig, DEFAULT_PROCESSES, FUNCTION_TIMEOUT_MS } from '../../src/config/loadConfig.js';
import { ConfigError } from '../../src/errors.js';

const REQUIRED = {
  LOG_ANALYTICS_WORKSPACE_ID: '0b3c1e2a-4d5f-4a6b-8c7d-9e0f1a2b3c4d',
  SENTINEL_SUBSCRIPTION_ID: '11111111-2222-4333-8444-555555555555',
  SENTINEL_RESOURCE_GROUP: 'rg-soc',
  SENTINEL_WORKSPACE_NAME: 'law-soc',
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
};

function configError(settings: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(settings);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('builds a frozen configuration with documented defaults from the required settings alone', () => {
    const config = loadConfig(REQUIRED);
    expect(config.query).toMatchObject({
      workspaceId: REQUIRED.LOG_ANALYTICS_WORKSPACE_ID,
      endpoint: 'https://api.loganalytics.io/v1',
      mode: 'hunt',
      processes: DEFAULT_PROCESSES,
      serverTimeoutSeconds: 180,
    });
    expect(config.window).toEqual({ firstLookbackMs: 86_400_000, maxWindowMs: 7 * 86_400_000, ingestionDelayMs: 600_000, minSplitWindowMs: 60_000 });
    expect(config.detection.maxCommandLinesPerFinding).toBe(20);
    expect(config.detection.exclusions).toEqual({ cidrs: [], rules: [] });
    expect(config.dryRun).toBe(false);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.sentinel.labels)).toBe(true);
    expect(Object.isFrozen(config.detection.exclusions.cidrs)).toBe(true);
  });

  it('reports every missing required setting in one ConfigError, each by name', () => {
    const error = configError({});
    expect(error.problems.map((p) => p.setting).sort()).toEqual(Object.keys(REQUIRED).sort());
    for (const name of Object.keys(REQUIRED)) expect(error.message).toMatch(new RegExp(`^  ${name}: is required`, 'm'));
  });

  it('names every invalid setting in one ConfigError', () => {
    const invalid: Record<string, string> = {
      EXCLUDED_CIDRS: '10.0.0.0/33',
      EXCLUSION_RULES: '{"not": "an array"}',
      FINDING_MAX_COMMAND_LINES: '0',
      LOG_ANALYTICS_WORKSPACE_ID: 'law-soc',
      LOG_ANALYTICS_ENDPOINT: 'http://api.loganalytics.io/v1',
      HUNT_QUERY: 'both',
      HUNT_PROCESSES: 'cmd.exe,bad|name',
      HUNT_QUERY_TIMEOUT_SECONDS: '601',
      HUNT_FIRST_LOOKBACK: '1 day',
      HUNT_MAX_WINDOW: 'P100D',
      HUNT_INGESTION_DELAY: 'P2D',
      HUNT_MIN_SPLIT_WINDOW: 'PT0S',
      SENTINEL_SUBSCRIPTION_ID: 'my-subscription',
      SENTINEL_ENDPOINT: 'not a url',
      SENTINEL_API_VERSION: 'latest',
      HUNT_DETECTION_ID: 'Bad Id',
      INCIDENT_HIGH_SEVERITY_HOSTS: '-1',
      INCIDENT_INDICATOR_IPS: '1.2.3.4.5',
      INCIDENT_LABELS: `ok,${'x'.repeat(300)}`,
      INCIDENT_CLOSED_POLICY: 'delete',
      INCIDENT_NEW_AFTER_DAYS: 'seven',
      PUBLISH_CONCURRENCY: '65',
      PUBLISH_MAX_INCIDENTS_PER_RUN: '0',
      PUBLISH_MAX_RETRIES: '21',
      STATE_TABLE_PREFIX: '1bad',
      HUNT_LOCK_DURATION: 'PT1S',
      PUBLISH_DRY_RUN: 'maybe',
    };
    const error = configError({ ...REQUIRED, ...invalid });
    const named = new Set(error.problems.map((p) => p.setting));
    for (const name of Object.keys(invalid)) expect(named, name).toContain(name);
    expect(error.message).toContain('EXCLUDED_CIDRS: "10.0.0.0/33" is not a valid CIDR');
    expect(error.message).toContain('HUNT_QUERY: "both" is not one of hunt, seed');
    expect(error.message).toContain('PUBLISH_CONCURRENCY: 65 is out of range (1 to 64)');
    expect(error.message).toMatch(/^Invalid configuration \(\d+ problems\):/);
  });

  it('refuses a stable SENTINEL_API_VERSION, whose bookmarks carry no entity mappings, and takes the newest preview', () => {
    for (const stable of ['2024-03-01', '2025-09-01']) {
      const error = configError({ ...REQUIRED, SENTINEL_API_VERSION: stable });
      expect(error.problems).toEqual([{ setting: 'SENTINEL_API_VERSION', message: expect.stringMatching(/is not a preview api-version.*no bookmark entity mappings/) }]);
    }
    expect(loadConfig({ ...REQUIRED, SENTINEL_API_VERSION: '2025-10-01-preview' }).sentinel.apiVersion).toBe('2025-10-01-preview');
  });

  it('reports each bad entry of a list setting separately', () => {
    const error = configError({ ...REQUIRED, EXCLUDED_CIDRS: '10.0.0.0/8, 10.0.0.0/33 300.1.1.1;fe80::1%eth0' });
    expect(error.problems.filter((p) => p.setting === 'EXCLUDED_CIDRS')).toHaveLength(3);
  });

  it('reads case-insensitive choices, booleans, durations and lists', () => {
    const config = loadConfig({
      ...REQUIRED,
      HUNT_QUERY: 'SEED',
      PUBLISH_DRY_RUN: 'yes',
      HUNT_FIRST_LOOKBACK: 'P1DT12H',
      HUNT_PROCESSES: 'CMD.exe, powershell.exe',
      INCIDENT_LABELS: 'a, b ,,c',
      LOG_ANALYTICS_ENDPOINT: 'https://api.loganalytics.azure.cn/v1/',
    });
    expect(config.query.mode).toBe('seed');
    expect(config.dryRun).toBe(true);
    expect(config.window.firstLookbackMs).toBe(36 * 3_600_000);
    expect(config.query.processes).toEqual(['cmd.exe', 'powershell.exe']);
    expect(config.sentinel.labels).toEqual(['a', 'b', 'c']);
    expect(config.query.endpoint).toBe('https://api.loganalytics.azure.cn/v1');
  });
});

describe('loadDetectionConfig', () => {
  it('needs no Azure settings and parses exclusions', () => {
    const config = loadDetectionConfig({
      EXCLUDED_CIDRS: '168.63.129.16 10.1.',
      EXCLUSION_RULES: '[{"host": "BUILD-*", "reason": "build agents"}]',
    });
    expect(config.exclusions.cidrs).toEqual([
      { cidr: '168.63.129.16/32', source: '168.63.129.16' },
      { cidr: '10.1.0.0/16', source: '10.1.' },
    ]);
    expect(config.exclusions.rules).toEqual([{ id: 'EXCLUSION_RULES[0]', host: 'BUILD-*', reason: 'build agents' }]);
  });

  it('reports invalid JSON in EXCLUSION_RULES by name', () => {
    expect(() => loadDetectionConfig({ EXCLUSION_RULES: '[{' })).toThrow(/EXCLUSION_RULES: is not valid JSON/);
  });
});

describe('HUNT_SCHEDULE', () => {
  it('defaults to hourly and rejects what is not a six-field NCRONTAB expression', async () => {
    const { loadConfig } = await import('../../src/config/loadConfig.js');
    const { testSettings } = await import('../support/testSettings.js');
    expect(loadConfig(testSettings()).schedule).toBe('0 0 * * * *');
    expect(() => loadConfig(testSettings({ HUNT_SCHEDULE: '*/5 * * * *' }))).toThrow(/HUNT_SCHEDULE: "\*\/5 \* \* \* \*" is not a six-field NCRONTAB/);
  });
});

describe('EXCLUSION_WATCHLIST', () => {
  it('is optional and must be a watchlist alias', async () => {
    const { loadConfig } = await import('../../src/config/loadConfig.js');
    const { testSettings } = await import('../support/testSettings.js');
    expect(loadConfig(testSettings()).detection.exclusionWatchlist).toBeUndefined();
    expect(loadConfig(testSettings({ EXCLUSION_WATCHLIST: 'ip-allowlist' })).detection.exclusionWatchlist).toBe('ip-allowlist');
    expect(() => loadConfig(testSettings({ EXCLUSION_WATCHLIST: "x' | take 1" }))).toThrow(/EXCLUSION_WATCHLIST: "x' \| take 1" is not a watchlist alias/);
  });
});

describe('HUNT_TIME_BUDGET and HUNT_LOCK_DURATION', () => {
  it('defaults to two minutes under the function timeout, which equals host.json’s functionTimeout', async () => {
    const { readFile } = await import('node:fs/promises');
    const host = JSON.parse(await readFile(new URL('../../host.json', import.meta.url), 'utf8')) as { functionTimeout: string };
    const [h, m, s] = host.functionTimeout.split(':').map(Number);
    expect(((h! * 60 + m!) * 60 + s!) * 1000).toBe(FUNCTION_TIMEOUT_MS);
    expect(loadConfig(REQUIRED).run.timeBudgetMs).toBe(FUNCTION_TIMEOUT_MS - 2 * 60_000);
  });

  it('refuses a budget that does not end before the function timeout, naming the setting', () => {
    expect(configError({ ...REQUIRED, HUNT_TIME_BUDGET: 'PT10M' }).problems).toEqual([
      { setting: 'HUNT_TIME_BUDGET', message: expect.stringMatching(/functionTimeout/) },
    ]);
  });

  it('refuses a lock that a run stopping at its budget with a query still out could outlive', () => {
    expect(configError({ ...REQUIRED, HUNT_TIME_BUDGET: 'PT8M', HUNT_QUERY_TIMEOUT_SECONDS: '600', HUNT_LOCK_DURATION: 'PT14M' }).problems).toEqual([
      { setting: 'HUNT_LOCK_DURATION', message: expect.stringMatching(/HUNT_TIME_BUDGET.*870 s/) },
    ]);
    expect(loadConfig({ ...REQUIRED, HUNT_TIME_BUDGET: 'PT8M', HUNT_QUERY_TIMEOUT_SECONDS: '600', HUNT_LOCK_DURATION: 'PT15M' }).state.lockDurationMs).toBe(15 * 60_000);
  });
});

describe('settings that would pass yet never work', () => {
  it('names each with the rule it breaks', async () => {
    const { testSettings } = await import('../support/testSettings.js');
    const error = configError(
      testSettings({
        AzureWebJobsStorage: 'DefaultEndpointsProtocol=https;AccountName=stiphunt01',
        SENTINEL_RESOURCE_GROUP: '..',
        SENTINEL_WORKSPACE_NAME: '..',
        STATE_TABLE_PREFIX: 'tables',
        HUNT_SCHEDULE: '0 0 25 * * *',
      }),
    );
    expect(error.problems.map((p) => p.setting).sort()).toEqual(['AzureWebJobsStorage', 'HUNT_SCHEDULE', 'SENTINEL_RESOURCE_GROUP', 'SENTINEL_WORKSPACE_NAME', 'STATE_TABLE_PREFIX']);
    expect(error.message).toContain('SENTINEL_RESOURCE_GROUP: ".." cannot end with a period');
    expect(error.message).toContain('STATE_TABLE_PREFIX: "tables" is a table name the Table service reserves');
    expect(error.message).toMatch(/HUNT_SCHEDULE: "0 0 25 \* \* \*" is not a six-field NCRONTAB expression .*hour field/);
  });
});
