import type { PlannedRequest } from './publishTypes.js';
import type { PublishStep } from './publishSteps.js';
import { sentinelBasePath, type WorkspaceScope } from './sentinelPaths.js';
import { wireBody } from './wireBody.js';

/** Where planned requests go: the workspace and the api-version every path carries. */
export interface RequestScope extends WorkspaceScope {
  readonly apiVersion: string;
}

/**
 * The requests the steps would send, as they go on the wire (ARM path with api-version, body in envelope form).
 * A create step that is skipped when its incident is found is still planned: a dry run cannot know.
 */
export function plannedRequests(steps: readonly PublishStep[], scope: RequestScope): PlannedRequest[] {
  const base = sentinelBasePath(scope);
  const pathOf = (relative: string) => `${base}/${relative}?api-version=${scope.apiVersion}`;
  return steps.flatMap((step): PlannedRequest[] => {
    switch (step.kind) {
      case 'readIncident':
        return [{ method: 'GET', path: pathOf(`incidents/${step.incidentId}`) }];
      case 'putBookmark':
        return [{ method: 'PUT', path: pathOf(`bookmarks/${step.bookmarkId}`), body: wireBody(step.bookmark) }];
      case 'putIncident':
      case 'updateIncident':
        return [{ method: 'PUT', path: pathOf(`incidents/${step.incidentId}`), body: wireBody(step.incident) }];
      case 'putRelation':
        return [
          {
            method: 'PUT',
            path: pathOf(`incidents/${step.incidentId}/relations/${step.relationName}`),
            body: wireBody({ relatedResourceId: step.relatedResourceId }),
          },
        ];
      case 'putComment':
        return [{ method: 'PUT', path: pathOf(`incidents/${step.incidentId}/comments/${step.commentId}`), body: wireBody({ message: step.message }) }];
      case 'note':
        return [];
    }
  });
}
