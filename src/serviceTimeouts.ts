/**
 * Client-side limits on one attempt of a service call, in ms, end to end (the response body included; see
 * requestTimeoutPolicy). Each is above the service's own server-side limit, so a service that is merely slow answers
 * first and the client only gives up on one that has stopped answering.
 */
export interface ServiceTimeouts {
  /** A Log Analytics query: by default HUNT_QUERY_TIMEOUT_SECONDS plus slack (queryCallTimeoutMs). */
  readonly logAnalytics: number;
  readonly sentinel: number;
  readonly table: number;
  readonly queue: number;
  /** A token request of the app's credential (managed identity endpoint, Entra ID, a developer's CLI). */
  readonly token: number;
}

/**
 * Azure Resource Manager gives a resource provider 60 seconds to answer a request before it fails it (Azure Resource
 * Manager's request limits and throttling docs; the async-operations pattern exists for longer work), so a Sentinel call
 * still unanswered after 90 s will not answer.
 */
export const SENTINEL_REQUEST_TIMEOUT_MS = 90_000;
/** Table storage operations time out on the server after at most 30 seconds ("Setting timeouts for Table service operations"). */
export const TABLE_REQUEST_TIMEOUT_MS = 45_000;
/** Queue storage operations time out on the server after at most 30 seconds ("Setting timeouts for Queue service operations"). */
export const QUEUE_REQUEST_TIMEOUT_MS = 45_000;
/**
 * A token comes from a local endpoint (the App Service identity endpoint, IMDS) or Entra ID within seconds; a minute
 * leaves room for a developer's `az` process and a retry inside the credential.
 */
export const TOKEN_REQUEST_TIMEOUT_MS = 60_000;
