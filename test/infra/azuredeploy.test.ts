import { describe, expect, it } from 'vitest';
import type { ExpandedTemplate } from './support/expandArmTemplate.js';
import { appSettings, deploy, onlyResource, parseResourceId, readRepoFile, REQUIRED_PARAMETERS, resourcesOfType, template, TEST_SCOPE } from './support/deployTemplate.js';

type Json = Record<string, unknown>;
const props = (body: Json): Json => body['properties'] as Json;

describe('infra/azuredeploy.json', () => {
  it('is an ARM deployment template in valid JSON, and so is its example parameters file', () => {
    expect(template['$schema']).toMatch(/deploymentTemplate\.json#$/);
    const example = JSON.parse(readRepoFile('infra/azuredeploy.parameters.json')) as Json;
    expect(example['$schema']).toMatch(/deploymentParameters\.json#$/);
  });

  it('deploys with only the Sentinel workspace given, and with the example parameters file', () => {
    expect(() => deploy()).not.toThrow();
    const example = JSON.parse(readRepoFile('infra/azuredeploy.parameters.json')) as { parameters: Record<string, { value: unknown }> };
    const values = Object.fromEntries(Object.entries(example.parameters).map(([k, v]) => [k, v.value]));
    expect(Object.keys(values)).toEqual(expect.arrayContaining(Object.keys(REQUIRED_PARAMETERS)));
    expect(() => deploy(values)).not.toThrow();
  });

  it('runs a Linux Function App on Node 22 on Flex Consumption with a system-assigned identity', () => {
    const expanded = deploy();
    const plan = onlyResource(expanded, 'Microsoft.Web/serverfarms');
    expect(plan.body).toMatchObject({ kind: 'functionapp', sku: { tier: 'FlexConsumption', name: 'FC1' }, properties: { reserved: true } });
    const site = onlyResource(expanded, 'Microsoft.Web/sites');
    expect(site.body).toMatchObject({ kind: 'functionapp,linux', identity: { type: 'SystemAssigned' } });
    // functionAppConfig needs Microsoft.Web 2023-12-01 or later (Azure/azure-cli#30380, ExtendedCode 51021).
    expect(String(site.body['apiVersion']) >= '2023-12-01').toBe(true);
    expect(props(site.body)).toMatchObject({
      serverFarmId: plan.id,
      httpsOnly: true,
      siteConfig: { minTlsVersion: '1.2' },
      functionAppConfig: { runtime: { name: 'node', version: '22' } },
    });
  });

  it('turns FTP publishing off', () => {
    const policies = resourcesOfType(deploy(), 'Microsoft.Web/sites/basicPublishingCredentialsPolicies');
    expect(policies.map((p) => [p.name.split('/')[1], props(p.body)['allow']])).toContainEqual(['ftp', false]);
  });

  it('keeps the deployment package in a container of the template, reached with the app identity', () => {
    const expanded = deploy();
    const storage = props(onlyResource(expanded, 'Microsoft.Web/sites').body)['functionAppConfig'] as { deployment: { storage: Json } };
    expect(storage.deployment.storage).toMatchObject({ type: 'blobContainer', authentication: { type: 'SystemAssignedIdentity' } });
    const [account, , container] = onlyResource(expanded, 'Microsoft.Storage/storageAccounts/blobServices/containers').name.split('/');
    expect(storage.deployment.storage['value']).toBe(`https://${account}.blob.core.windows.net/${container}`);
  });

  it('disables shared-key access on the storage account and local auth on Application Insights', () => {
    const expanded = deploy();
    expect(props(onlyResource(expanded, 'Microsoft.Storage/storageAccounts').body)).toMatchObject({ allowSharedKeyAccess: false, minimumTlsVersion: 'TLS1_2' });
    const insights = onlyResource(expanded, 'Microsoft.Insights/components');
    expect(props(insights.body)).toMatchObject({
      DisableLocalAuth: true,
      WorkspaceResourceId: onlyResource(expanded, 'Microsoft.OperationalInsights/workspaces').id,
    });
    expect(appSettings(expanded)).toMatchObject({ APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD' });
    expect(appSettings(expanded)['APPLICATIONINSIGHTS_CONNECTION_STRING']).toMatch(/^InstrumentationKey=/);
  });

  it('creates the hunt-run queue named by HUNT_QUEUE_NAME', () => {
    const expanded = deploy();
    expect(appSettings(expanded)['HUNT_QUEUE_NAME']).toBe('hunt-runs');
    expect(onlyResource(expanded, 'Microsoft.Storage/storageAccounts/queueServices/queues').name).toMatch(/\/default\/hunt-runs$/);
    expect(onlyResource(deploy({ huntQueueName: 'other-runs' }), 'Microsoft.Storage/storageAccounts/queueServices/queues').name).toMatch(/\/default\/other-runs$/);
  });

  it('holds no secret: no list*() call, no account key, no key-based setting, no secure parameter', () => {
    const text = readRepoFile('infra/azuredeploy.json');
    expect(text).not.toMatch(/\blist[A-Z]\w*\(/);
    expect(text).not.toMatch(/AccountKey|SharedAccessKey|SharedAccessSignature|primaryKey|INSTRUMENTATIONKEY|newGuid/i);
    const types = Object.values(template['parameters'] as Record<string, Json>).map((p) => String(p['type']).toLowerCase());
    expect(types).not.toContain('securestring');
    expect(types).not.toContain('secureobject');
  });

  it('deploys the package with onedeploy only when a package URL is given', () => {
    const [without] = resourcesOfType(deploy(), 'Microsoft.Web/sites/extensions');
    expect(without).toMatchObject({ name: expect.stringMatching(/\/onedeploy$/), deployed: false });
    const [withPackage] = resourcesOfType(deploy({ packageUri: 'https://example.org/cmdline-ip-hunter.zip' }), 'Microsoft.Web/sites/extensions');
    expect(withPackage).toMatchObject({ deployed: true, body: { properties: { packageUri: 'https://example.org/cmdline-ip-hunter.zip' } } });
  });
});

/** Every template level (the main template and its nested deployments), each with its resources. */
function levels(expanded: ExpandedTemplate): ExpandedTemplate[] {
  return [expanded, ...expanded.nested.flatMap(levels)];
}

describe('infra/azuredeploy.json references', () => {
  const modes = [deploy({ sentinelRoles: 'custom', packageUri: 'https://example.org/p.zip' }), deploy({ sentinelRoles: 'builtIn' })];

  it('makes every dependsOn name a resource of the same template', () => {
    for (const expanded of modes) {
      for (const level of levels(expanded)) {
        const ids = new Set(level.resources.map((r) => r.id.toLowerCase()));
        const dangling = level.resources.flatMap((r) => r.dependsOn.filter((d) => !ids.has(d.toLowerCase())).map((d) => `${r.type} ${r.name} -> ${d}`));
        expect(dangling).toEqual([]);
      }
      expect(levels(expanded).flatMap((l) => l.resources.flatMap((r) => r.dependsOn))).not.toHaveLength(0);
    }
  });

  it('makes every resourceId() and reference() name a resource of the template, the Sentinel workspace or a role definition', () => {
    for (const expanded of modes) {
      const sentinelWorkspace = `/subscriptions/${TEST_SCOPE.subscriptionId}/resourceGroups/rg-sentinel/providers/Microsoft.OperationalInsights/workspaces/law-sentinel`;
      for (const level of levels(expanded)) {
        const ids = new Set(level.resources.map((r) => r.id.toLowerCase()));
        const foreign = level.calls
          .filter((c) => !ids.has(c.id.toLowerCase()))
          .filter((c) => c.id.toLowerCase() !== sentinelWorkspace.toLowerCase())
          .filter((c) => parseResourceId(c.id).type !== 'Microsoft.Authorization/roleDefinitions');
        expect(foreign).toEqual([]);
        expect(level.calls).not.toHaveLength(0);
      }
    }
  });
});

describe('README deploy section', () => {
  const readme = readRepoFile('README.md');
  const section = readme.slice(readme.indexOf('\n## Deploy\n'), readme.indexOf('\n## ', readme.indexOf('\n## Deploy\n') + 1));

  it('documents every template parameter in its parameters table', () => {
    const parameters = Object.keys(template['parameters'] as Json);
    const documented = [...section.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
    expect(parameters.length).toBeGreaterThan(30);
    expect(parameters.filter((p) => !documented.includes(p))).toEqual([]);
    expect(documented.filter((p) => !parameters.includes(p!))).toEqual([]);
  });

  it('has a Deploy to Azure button that opens the raw template in the portal', () => {
    const button = /\(https:\/\/portal\.azure\.com\/#create\/Microsoft\.Template\/uri\/([^)\s]+)\)/.exec(section);
    expect(button).not.toBeNull();
    expect(decodeURIComponent(button![1]!)).toMatch(/^https:\/\/raw\.githubusercontent\.com\/[^/]+\/cmdline-ip-hunter\/[^/]+\/infra\/azuredeploy\.json$/);
    expect(button![1]).not.toMatch(/[/:]/);
    expect(section).toContain('https://aka.ms/deploytoazurebutton');
  });

  it('deploys in two commands and names the self-check to run afterwards', () => {
    expect(section).toMatch(/```sh\naz deployment group create [^`]*\naz functionapp deployment source config-zip [^`]*npm run --silent package[^`]*```/);
    expect(section).toContain('cmdline-ip-hunter doctor');
  });
});
