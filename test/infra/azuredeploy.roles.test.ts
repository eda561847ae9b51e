import { describe, expect, it } from 'vitest';
import { buildHuntQuery } from '../../src/query/buildHuntQuery.js';
import { DEFAULT_PROCESSES } from '../../src/config/loadConfig.js';
import { createKqlEngine } from '../../local/kql/createKqlEngine.js';
import { buildTableData } from '../../local/tables/tableData.js';
import { TABLE_SCHEMAS } from '../../local/tables/tableSchemas.js';
import type { ExpandedResource, ExpandedTemplate } from './support/expandArmTemplate.js';
import { APP_PRINCIPAL_ID, deploy, onlyResource, parseResourceId, readRepoFile, resourcesOfType, template, TEST_SCOPE } from './support/deployTemplate.js';

type Json = Record<string, unknown>;

/**
 * Built-in role ids: the "name" of each role in MicrosoftDocs/azure-docs articles/role-based-access-control/built-in-roles
 * (the table in the team's checked reference). A template id not in this table must be the template's own custom role.
 */
const BUILT_IN_ROLES: Readonly<Record<string, string>> = {
  '73c42c96-874c-492b-b04d-ab87d138a893': 'Log Analytics Reader',
  '8d289c81-5878-46d4-8554-54e1e3d8b5cb': 'Microsoft Sentinel Reader',
  '3e150937-b8fe-4cfb-8069-0eaf05ecd056': 'Microsoft Sentinel Responder',
  'ab8e14d6-4a74-4a29-9ba8-549422addade': 'Microsoft Sentinel Contributor',
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b': 'Storage Blob Data Owner',
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88': 'Storage Queue Data Contributor',
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3': 'Storage Table Data Contributor',
  '3913510d-42f4-4e42-8a64-420c390055eb': 'Monitoring Metrics Publisher',
};

/**
 * Actions as Microsoft publishes them (MicrosoftDocs/azure-docs articles/role-based-access-control/permissions/security.md,
 * "Microsoft.SecurityInsights"; permissions/monitor.md, "Microsoft.OperationalInsights", where every table has its own
 * `workspaces/query/<Table>/read`).
 */
const PUBLISHED_ACTIONS = new Set([
  'Microsoft.OperationalInsights/workspaces/query/read',
  'Microsoft.SecurityInsights/Bookmarks/read',
  'Microsoft.SecurityInsights/Bookmarks/write',
  'Microsoft.SecurityInsights/Bookmarks/delete',
  'Microsoft.SecurityInsights/incidents/read',
  'Microsoft.SecurityInsights/incidents/write',
  'Microsoft.SecurityInsights/incidents/delete',
  'Microsoft.SecurityInsights/incidents/comments/read',
  'Microsoft.SecurityInsights/incidents/comments/write',
  'Microsoft.SecurityInsights/incidents/comments/delete',
  'Microsoft.SecurityInsights/incidents/relations/read',
  'Microsoft.SecurityInsights/incidents/relations/write',
  'Microsoft.SecurityInsights/incidents/relations/delete',
  'Microsoft.SecurityInsights/Watchlists/read',
]);
const TABLE_READ = /^Microsoft\.OperationalInsights\/workspaces\/query\/([A-Za-z0-9_]+)\/read$/;

function allLevels(expanded: ExpandedTemplate): ExpandedTemplate[] {
  return [expanded, ...expanded.nested.flatMap(allLevels)];
}

const props = (r: ExpandedResource): Json => r.body['properties'] as Json;
const roleGuid = (roleDefinitionId: unknown): string => parseResourceId(String(roleDefinitionId)).names[0]!;

function assignments(level: ExpandedTemplate): { scope: string; role: string }[] {
  return resourcesOfType(level, 'Microsoft.Authorization/roleAssignments')
    .filter((r) => r.deployed)
    .map((r) => ({ scope: parseResourceId(r.id).parent, role: BUILT_IN_ROLES[roleGuid(props(r)['roleDefinitionId'])] ?? 'custom' }));
}

function sentinelLevel(expanded: ExpandedTemplate): ExpandedTemplate {
  expect(expanded.nested).toHaveLength(1);
  return expanded.nested[0]!;
}

describe('infra/azuredeploy.json roles', () => {
  const custom = deploy({ sentinelRoles: 'custom' });
  const builtIn = deploy({ sentinelRoles: 'builtIn' });

  it("uses only Microsoft's documented built-in role ids, or the custom role it defines itself", () => {
    for (const expanded of [custom, builtIn]) {
      const defined = new Set(allLevels(expanded).flatMap((l) => resourcesOfType(l, 'Microsoft.Authorization/roleDefinitions').map((r) => r.name)));
      const used = allLevels(expanded).flatMap((l) => l.calls.filter((c) => parseResourceId(c.id).type === 'Microsoft.Authorization/roleDefinitions').map((c) => roleGuid(c.id)));
      expect(used).not.toHaveLength(0);
      expect(used.filter((id) => !(id in BUILT_IN_ROLES) && !defined.has(id))).toEqual([]);
    }
  });

  it('assigns every role to the app identity as a service principal, under a name derived from scope, app and role', () => {
    for (const [mode, expanded] of [['custom', custom], ['builtIn', builtIn]] as const) {
      const names = (e: ExpandedTemplate): string[] => allLevels(e).flatMap((l) => resourcesOfType(l, 'Microsoft.Authorization/roleAssignments').map((a) => a.name));
      const all = allLevels(expanded).flatMap((l) => resourcesOfType(l, 'Microsoft.Authorization/roleAssignments'));
      expect(all.length).toBeGreaterThan(4);
      for (const r of all) {
        expect(props(r)).toMatchObject({ principalId: APP_PRINCIPAL_ID, principalType: 'ServicePrincipal' });
        expect(r.name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      }
      expect(new Set(names(expanded)).size).toBe(all.length);
      // Redeploying must address the same assignments (a new name would fail with RoleAssignmentExists).
      expect(names(deploy({ sentinelRoles: mode }))).toEqual(names(expanded));
    }
  });

  it('gives the app the blob, queue and table data roles on its storage account and Metrics Publisher on Application Insights', () => {
    const storage = onlyResource(custom, 'Microsoft.Storage/storageAccounts').id;
    const insights = onlyResource(custom, 'Microsoft.Insights/components').id;
    expect(assignments(custom).sort((a, b) => a.role.localeCompare(b.role))).toEqual([
      { scope: insights, role: 'Monitoring Metrics Publisher' },
      { scope: storage, role: 'Storage Blob Data Owner' },
      { scope: storage, role: 'Storage Queue Data Contributor' },
      { scope: storage, role: 'Storage Table Data Contributor' },
    ]);
  });

  it('assigns the Sentinel roles on the workspace in its own subscription and resource group, through a nested deployment', () => {
    const elsewhere = deploy({ sentinelSubscriptionId: 'dddddddd-0000-4000-8000-000000000004', sentinelResourceGroup: 'rg-soc' });
    const level = sentinelLevel(elsewhere);
    expect(level.scope).toMatchObject({ subscriptionId: 'dddddddd-0000-4000-8000-000000000004', resourceGroup: 'rg-soc' });
    const workspace = '/subscriptions/dddddddd-0000-4000-8000-000000000004/resourceGroups/rg-soc/providers/Microsoft.OperationalInsights/workspaces/law-sentinel';
    expect(assignments(level)).toEqual([{ scope: workspace, role: 'custom' }]);
  });

  it('assigns Log Analytics Reader and Microsoft Sentinel Contributor when built-in roles are chosen, and defines no role', () => {
    const level = sentinelLevel(builtIn);
    const workspace = `/subscriptions/${TEST_SCOPE.subscriptionId}/resourceGroups/rg-sentinel/providers/Microsoft.OperationalInsights/workspaces/law-sentinel`;
    expect(assignments(level)).toEqual([
      { scope: workspace, role: 'Log Analytics Reader' },
      { scope: workspace, role: 'Microsoft Sentinel Contributor' },
    ]);
    expect(resourcesOfType(level, 'Microsoft.Authorization/roleDefinitions').filter((r) => r.deployed)).toEqual([]);
  });

  it('defines a custom role of published actions only, assignable in the Sentinel resource group', () => {
    const role = onlyResource(sentinelLevel(custom), 'Microsoft.Authorization/roleDefinitions');
    expect(role.deployed).toBe(true);
    const properties = props(role) as { type: string; assignableScopes: string[]; permissions: { actions: string[]; notActions: string[] }[] };
    expect(properties.type).toBe('customRole');
    expect(properties.assignableScopes).toEqual([`/subscriptions/${TEST_SCOPE.subscriptionId}/resourceGroups/rg-sentinel`]);
    const actions = properties.permissions.flatMap((p) => p.actions);
    expect(actions).not.toHaveLength(0);
    expect(actions.filter((a) => !PUBLISHED_ACTIONS.has(a) && !TABLE_READ.test(a))).toEqual([]);
    expect(actions).toEqual(expect.arrayContaining(['Microsoft.OperationalInsights/workspaces/query/read', 'Microsoft.OperationalInsights/workspaces/query/SecurityEvent/read']));
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    expect(new Set(actions).size).toBe(actions.length);
  });

  it('grants query read on exactly the tables the shipped queries read', { timeout: 90_000 }, () => {
    const tables = (template['parameters'] as Record<string, { defaultValue: string[] }>)['queryTables']!.defaultValue;
    const role = onlyResource(sentinelLevel(custom), 'Microsoft.Authorization/roleDefinitions');
    const granted = (props(role) as { permissions: { actions: string[] }[] }).permissions.flatMap((p) => p.actions).flatMap((a) => TABLE_READ.exec(a)?.[1] ?? []);
    expect(granted).toEqual(tables);
    // A workspace holding only these tables binds both shipped queries with every hunted table resolved: a query reading
    // another table would not bind (seed) or would warn that it is missing (the hunting query's fuzzy union).
    const engine = createKqlEngine({ tables: Object.fromEntries(tables.map((t) => [t, buildTableData(TABLE_SCHEMAS[t]!, [], t)])) });
    const empty = createKqlEngine({ tables: {} });
    const hunt = buildHuntQuery({ mode: 'hunt', processes: [...DEFAULT_PROCESSES] });
    expect(engine.run(hunt).warnings ?? []).toEqual([]);
    expect(empty.run(hunt).warnings).toEqual(tables.map((t) => expect.stringContaining(`'${t}'`)));
    const seed = buildHuntQuery({ mode: 'seed', processes: [...DEFAULT_PROCESSES] });
    expect(() => engine.run(seed)).not.toThrow();
    expect(() => empty.run(seed)).toThrow();
  });

  it('lists every custom role action in the README', () => {
    const role = onlyResource(sentinelLevel(custom), 'Microsoft.Authorization/roleDefinitions');
    const readme = readRepoFile('README.md');
    const actions = (props(role) as { permissions: { actions: string[] }[] }).permissions.flatMap((p) => p.actions);
    expect(actions.filter((a) => !readme.includes(`\`${a}\``))).toEqual([]);
  });
});
