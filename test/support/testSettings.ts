import { loadConfig, type HunterConfig } from '../../src/config/loadConfig.js';

/** A complete, valid set of app settings; override what a test needs. */
export function testSettings(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    LOG_ANALYTICS_WORKSPACE_ID: '11111111-2222-3333-4444-555555555555',
    SENTINEL_SUBSCRIPTION_ID: '66666666-7777-8888-9999-000000000000',
    SENTINEL_RESOURCE_GROUP: 'rg-sentinel',
    SENTINEL_WORKSPACE_NAME: 'law-sentinel',
    AzureWebJobsStorage: 'UseDevelopmentStorage=true',
    ...overrides,
  };
}

export function testConfig(overrides: Record<string, string | undefined> = {}): HunterConfig {
  return loadConfig(testSettings(overrides));
}
