/**
 * The repository's ARM template, expanded for tests with fixed scope values and stand-in `reference()` results, plus
 * readers for what the tests look at (app settings, resources by type).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expandArmTemplate, type ExpandedResource, type ExpandedTemplate } from './expandArmTemplate.js';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

export const readRepoFile = (file: string): string => readFileSync(`${repoRoot}/${file}`, 'utf8');

export const TEST_SCOPE = { subscriptionId: 'aaaaaaaa-0000-4000-8000-000000000001', resourceGroup: 'rg-hunter', location: 'westeurope' };
/** What the stand-in `reference()` answers for the app's identity and the Sentinel workspace. */
export const APP_PRINCIPAL_ID = 'bbbbbbbb-0000-4000-8000-000000000002';
export const WORKSPACE_CUSTOMER_ID = 'cccccccc-0000-4000-8000-000000000003';
/** The parameters without a default. */
export const REQUIRED_PARAMETERS = { sentinelResourceGroup: 'rg-sentinel', sentinelWorkspaceName: 'law-sentinel' };

/** `{ type, names }` of a resource id (`/…/providers/Ns/t1/n1/t2/n2` → `Ns/t1/t2`, `[n1, n2]`). */
export function parseResourceId(id: string): { type: string; names: string[]; parent: string } {
  const at = id.lastIndexOf('/providers/');
  const [namespace, ...rest] = id.slice(at + '/providers/'.length).split('/');
  const types = rest.filter((_, i) => i % 2 === 0);
  const names = rest.filter((_, i) => i % 2 === 1);
  return { type: [namespace, ...types].join('/'), names, parent: id.slice(0, at) };
}

function fakeReference(id: string, full: boolean): unknown {
  const { type, names } = parseResourceId(id);
  switch (type) {
    case 'Microsoft.Storage/storageAccounts':
      return { primaryEndpoints: { blob: `https://${names[0]}.blob.core.windows.net/` } };
    case 'Microsoft.Insights/components':
      return { ConnectionString: 'InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/' };
    case 'Microsoft.OperationalInsights/workspaces':
      return { customerId: WORKSPACE_CUSTOMER_ID };
    case 'Microsoft.Web/sites':
      if (!full) throw new Error('the site identity is only in the full reference()');
      return { identity: { principalId: APP_PRINCIPAL_ID } };
    default:
      throw new Error(`no stand-in reference() for ${type}`);
  }
}

export const template = JSON.parse(readRepoFile('infra/azuredeploy.json')) as Record<string, unknown>;

/** The template expanded with the required parameters plus `parameters`. */
export function deploy(parameters: Record<string, unknown> = {}, source: Record<string, unknown> = template): ExpandedTemplate {
  return expandArmTemplate(source, { parameters: { ...REQUIRED_PARAMETERS, ...parameters }, scope: TEST_SCOPE, reference: fakeReference });
}

export function resourcesOfType(expanded: ExpandedTemplate, type: string): ExpandedResource[] {
  return expanded.resources.filter((r) => r.type === type);
}

export function onlyResource(expanded: ExpandedTemplate, type: string): ExpandedResource {
  const found = resourcesOfType(expanded, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]!;
}

/** The Function App's app settings as a name → value map. */
export function appSettings(expanded: ExpandedTemplate): Record<string, string> {
  const site = onlyResource(expanded, 'Microsoft.Web/sites');
  const list = ((site.body['properties'] as Record<string, Record<string, unknown>>)['siteConfig']!['appSettings'] ?? []) as { name: string; value: unknown }[];
  return Object.fromEntries(list.map((s) => [s.name, String(s.value)]));
}
