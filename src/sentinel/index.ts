export { createPublisher } from './createPublisher.js';
export { createSecurityInsightsClient } from './createSecurityInsightsClient.js';
export type { PublishAction, Publisher, PublishItem, PublishOutcome } from './publishTypes.js';
export { loadWatchlistExclusions, type WatchlistExclusions } from './loadWatchlistExclusions.js';
