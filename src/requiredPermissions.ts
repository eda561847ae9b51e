/**
 * The permissions the app uses (Sentinel actions, Log Analytics query, Table storage data) and the built-in roles that
 * grant them, so a 403 names what to grant (actions as listed in
 * https://learn.microsoft.com/azure/role-based-access-control/permissions/security#microsoftsecurityinsights; roles in
 * https://learn.microsoft.com/azure/sentinel/roles).
 */
export const SENTINEL_ACTIONS = {
  readIncident: 'Microsoft.SecurityInsights/incidents/read',
  writeIncident: 'Microsoft.SecurityInsights/incidents/write',
  writeBookmark: 'Microsoft.SecurityInsights/Bookmarks/write',
  deleteBookmark: 'Microsoft.SecurityInsights/Bookmarks/delete',
  deleteIncident: 'Microsoft.SecurityInsights/incidents/delete',
  writeRelation: 'Microsoft.SecurityInsights/incidents/relations/write',
  writeComment: 'Microsoft.SecurityInsights/incidents/comments/write',
  readWatchlist: 'Microsoft.SecurityInsights/Watchlists/read',
} as const;

/** "<action> on the Sentinel workspace (…)": the `needs` of a Sentinel 403 (see permissionDenied). */
export function sentinelNeeds(action: string): string {
  // Reader grants the reads; Responder grants incidents/* but not bookmarks, so writes name Contributor.
  const role = action.endsWith('/read') ? 'Microsoft Sentinel Reader' : 'Microsoft Sentinel Contributor';
  return `${action} on the Sentinel workspace (built-in role ${role}, or the deployment's custom hunter role)`;
}

/** The `needs` of a Log Analytics query 403. */
export const QUERY_NEEDS =
  'Microsoft.OperationalInsights/workspaces/query/read on the Log Analytics workspace (built-in role Log Analytics Reader, or the deployment\'s custom hunter role)';

/** The `needs` of a Table storage 403. */
export const STATE_NEEDS = 'the Storage Table Data Contributor role on the state storage account';
