/**
 * The Azure RBAC action a Sentinel management request needs, as ARM checks it before the request reaches the resource
 * provider: `Microsoft.SecurityInsights/<type>[/<child type>]/<read|write|delete|action>`
 * (https://learn.microsoft.com/azure/role-based-access-control/resource-provider-operations; the operation names of
 * https://learn.microsoft.com/azure/role-based-access-control/permissions/security#microsoftsecurityinsights).
 * `rest` is the path after `…/providers/Microsoft.SecurityInsights/`, split on '/'.
 */
export function armAction(method: string, rest: readonly string[]): string {
  const types = rest.filter((_, i) => i % 2 === 0).map((t) => t.toLowerCase());
  // POST incidents/{id}/entities (and bookmarks, alerts) only reads; which action the service checks for it is not
  // published, so the emulator takes incidents/read (granted by every Sentinel role).
  if (method === 'POST' && types.length === 2 && types[0] === 'incidents') return 'Microsoft.SecurityInsights/incidents/read';
  const verb = method === 'GET' ? 'read' : method === 'PUT' ? 'write' : method === 'DELETE' ? 'delete' : 'action';
  return `Microsoft.SecurityInsights/${types.join('/')}/${verb}`;
}
