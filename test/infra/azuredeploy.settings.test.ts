import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { ConfigError } from '../../src/errors.js';
import { settingsReadBy } from '../support/settingsReadBy.js';
import { appSettings, deploy, REQUIRED_PARAMETERS, template, WORKSPACE_CUSTOMER_ID } from './support/deployTemplate.js';

type Json = Record<string, unknown>;

/** App setting → the template parameter it is set from, for settings whose value is `[parameters('x')]` or `[string(parameters('x'))]`. */
function parameterOfSetting(): Map<string, string> {
  const site = (template['resources'] as Json[]).find((r) => r['type'] === 'Microsoft.Web/sites')!;
  const list = ((site['properties'] as Json)['siteConfig'] as { appSettings: { name: string; value: string }[] }).appSettings;
  const map = new Map<string, string>();
  for (const { name, value } of list) {
    const m = /^\[(?:string\()?parameters\('(\w+)'\)\)?\]$/.exec(value);
    if (m) map.set(name, m[1]!);
  }
  return map;
}

const parameterDefinitions = template['parameters'] as Record<string, Json>;

describe('infra/azuredeploy.json app settings', () => {
  it('loads without a ConfigError, with the Sentinel workspace and identity-based storage filled in', () => {
    const settings = appSettings(deploy());
    const config = loadConfig(settings);
    expect(config.query.workspaceId).toBe(WORKSPACE_CUSTOMER_ID);
    expect(config.sentinel).toMatchObject({ resourceGroup: 'rg-sentinel', workspaceName: 'law-sentinel' });
    expect(config.state).toMatchObject({ connectionString: '', tableServiceUrl: expect.stringMatching(/^https:\/\/stiphunt[a-z0-9]+\.table\.core\.windows\.net$/) });
  });

  it('sets every setting loadConfig reads (other than the storage connection forms it does not use)', () => {
    const settings = appSettings(deploy());
    const unused = new Set(['AzureWebJobsStorage', 'AzureWebJobsStorage__tableServiceUri', 'AzureWebJobsStorage__queueServiceUri']);
    const read = [...settingsReadBy(settings)];
    expect(read.length).toBeGreaterThan(25);
    expect(read.filter((name) => !unused.has(name) && !(name in settings))).toEqual([]);
  });

  it("defaults every setting to the app's own default", () => {
    const deployed = loadConfig(appSettings(deploy()));
    const appDefaults = loadConfig({
      LOG_ANALYTICS_WORKSPACE_ID: WORKSPACE_CUSTOMER_ID,
      SENTINEL_SUBSCRIPTION_ID: deployed.sentinel.subscriptionId,
      SENTINEL_RESOURCE_GROUP: REQUIRED_PARAMETERS.sentinelResourceGroup,
      SENTINEL_WORKSPACE_NAME: REQUIRED_PARAMETERS.sentinelWorkspaceName,
      AzureWebJobsStorage__accountName: appSettings(deploy())['AzureWebJobsStorage__accountName'],
    });
    expect(deployed).toEqual(appDefaults);
  });

  it('takes every numeric range the app accepts, and no wider one', () => {
    const ranged = [...parameterOfSetting()].filter(([, p]) => parameterDefinitions[p]!['type'] === 'int');
    expect(ranged.length).toBeGreaterThan(5);
    for (const [setting, parameter] of ranged) {
      const { minValue, maxValue } = parameterDefinitions[parameter] as { minValue: number; maxValue: number };
      for (const edge of [minValue, maxValue]) expect(() => loadConfig(appSettings(deploy({ [parameter]: edge }))), `${parameter}=${edge}`).not.toThrow();
      for (const outside of [minValue - 1, maxValue + 1]) {
        const settings = { ...appSettings(deploy()), [setting]: String(outside) };
        expect(() => loadConfig(settings), `${setting}=${outside}`).toThrow(ConfigError);
      }
    }
  });

  it('offers only values the app accepts', () => {
    const choices = [...parameterOfSetting()].filter(([, p]) => Array.isArray(parameterDefinitions[p]!['allowedValues']));
    expect(choices.length).toBeGreaterThan(1);
    for (const [, parameter] of choices) {
      for (const value of parameterDefinitions[parameter]!['allowedValues'] as string[]) {
        expect(() => loadConfig(appSettings(deploy({ [parameter]: value }))), `${parameter}=${value}`).not.toThrow();
      }
    }
    expect(appSettings(deploy({ publishDryRun: true }))['PUBLISH_DRY_RUN']).toBe('true');
    expect(loadConfig(appSettings(deploy({ publishDryRun: true }))).dryRun).toBe(true);
  });

  it('sets no app setting and no site property that Flex Consumption refuses', () => {
    // Learn "App settings reference for Azure Functions", section "Flex Consumption plan deprecations".
    const refusedSettings = [
      'FUNCTIONS_WORKER_RUNTIME', 'FUNCTIONS_WORKER_RUNTIME_VERSION', 'FUNCTIONS_EXTENSION_VERSION', 'FUNCTIONS_MAX_HTTP_CONCURRENCY',
      'WEBSITE_NODE_DEFAULT_VERSION', 'WEBSITE_RUN_FROM_PACKAGE', 'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING', 'WEBSITE_CONTENTSHARE',
      'SCM_DO_BUILD_DURING_DEPLOYMENT', 'ENABLE_ORYX_BUILD', 'WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT', 'WEBSITE_TIME_ZONE', 'TZ',
      'AzureWebJobsStorage', 'APPINSIGHTS_INSTRUMENTATIONKEY',
    ];
    const names = Object.keys(appSettings(deploy()));
    expect(names).not.toHaveLength(0);
    expect(names.filter((n) => refusedSettings.some((r) => r.toLowerCase() === n.toLowerCase()))).toEqual([]);
    const refusedProperties = /"(alwaysOn|linuxFxVersion|windowsFxVersion|functionAppScaleLimit|ftpsState|use32BitWorkerProcess|preWarmedInstanceCount|javaVersion|powerShellVersion|netFrameworkVersion|containerSize|isXenon|functionsRuntimeScaleMonitoringEnabled)"/i;
    expect(JSON.stringify(template)).not.toMatch(refusedProperties);
  });
});
