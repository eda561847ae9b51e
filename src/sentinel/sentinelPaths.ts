/** The parts of an ARM path that locate a Sentinel workspace. */
export interface WorkspaceScope {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly workspaceName: string;
}

/** `/subscriptions/…/providers/Microsoft.SecurityInsights`: the parent of every Sentinel resource of a workspace. */
export function sentinelBasePath(scope: WorkspaceScope): string {
  return (
    `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}` +
    `/providers/Microsoft.OperationalInsights/workspaces/${scope.workspaceName}/providers/Microsoft.SecurityInsights`
  );
}

/** The full ARM id of a bookmark, as a relation's `relatedResourceId` needs it. */
export function bookmarkResourceId(scope: WorkspaceScope, bookmarkId: string): string {
  return `${sentinelBasePath(scope)}/bookmarks/${bookmarkId}`;
}
