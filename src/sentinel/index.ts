export { createPublisher, type PublisherOptions } from './createPublisher.js';
export { createSecurityInsightsClient, type SecurityInsightsClientOptions } from './createSecurityInsightsClient.js';
export type { PlannedRequest, PriorReport, PublishAction, PublishContext, Publisher, PublishItem, PublishOutcome } from './publishTypes.js';
export { severityFor, isIndicator, type PublishedSeverity, type SeverityPolicy } from './severityFor.js';
export { AUTOMATION_LABEL, incidentLabels } from './incidentLabels.js';
export { publishIds, commentId, type PublishIds } from './publishIds.js';
export { SENTINEL_LIMITS } from './sentinelLimits.js';
export { sentinelBasePath, type WorkspaceScope } from './sentinelPaths.js';
export { listIncidentsWithEntities, type IncidentSummary } from './listIncidentsWithEntities.js';
