import type { QueryConfig } from '../config/loadConfig.js';

/** Slack given to a query beyond its server-side timeout before the client gives up on it (network, queueing). */
const QUERY_CALL_SLACK_MS = 30_000;

/** The client-side limit on one Log Analytics query: the server-side timeout (HUNT_QUERY_TIMEOUT_SECONDS) plus slack. */
export function queryCallTimeoutMs(query: Pick<QueryConfig, 'serverTimeoutSeconds'>): number {
  return query.serverTimeoutSeconds * 1000 + QUERY_CALL_SLACK_MS;
}
