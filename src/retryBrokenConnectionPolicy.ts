import { isRestError, type PipelinePolicy, type PipelineRequest } from '@azure/core-rest-pipeline';

/** The policy's name in a pipeline (a pipeline holds one policy per name). */
export const RETRY_BROKEN_CONNECTION_POLICY_NAME = 'cmdlineIpHunterRetryBrokenConnection';

/** Sends of one request after the first that failed on a connection the peer had closed. */
export const BROKEN_CONNECTION_RESENDS = 2;

/**
 * Whether a send failed before the service could have read the whole request. Only `EPIPE` says so: Node raises it for
 * "a write on a pipe, socket, or FIFO for which there is no process to read the data … indicative that the remote side
 * of the stream being written to has been closed" (Node.js docs, Errors: Common system errors), and core-rest-pipeline's
 * Node client (@typespec/ts-http-runtime 0.3 `NodeHttpClient.makeRequest`) turns the request's socket error into a
 * RestError with that `code`. An HTTP/1.1 request is complete only with its last byte, and the write that failed was
 * part of it, so the service never got a complete request to act on. (A service may also answer early, say 413, and
 * close before reading the body; asked again, it answers the same.)
 * Not `ECONNRESET` (reset by the peer, which may have read the request first), `ETIMEDOUT`, nor `ECONNABORTED` (the
 * local stack gave up on an established connection, e.g. Windows' WSAECONNABORTED after a transmission timeout, which
 * Windows Sockets Error Codes document): each can come after the service read the request and acted on it.
 * The SDK's own retry policy retries `ECONNRESET` and `ETIMEDOUT`, with its back-off, as a possibly processed call.
 */
function isUnsentRequest(error: unknown): boolean {
  return isRestError(error) && error.code === 'EPIPE';
}

/** A stream body was drained by the failed send; a string, a buffer, a Blob or a function that makes a stream can go again. */
function canSendAgain(body: PipelineRequest['body']): boolean {
  return !(typeof body === 'object' && body !== null && ('pipe' in body || 'getReader' in body));
}

/**
 * A pipeline policy that sends a request again, at once, when its send failed with `EPIPE` — a kept-alive connection the
 * service closed just as the client reused it — up to BROKEN_CONNECTION_RESENDS times; then it throws the last error as
 * it came. NOTE: core-rest-pipeline's default retry policy does not retry `EPIPE`: its `exponentialRetryStrategy`
 * (@typespec/ts-http-runtime 0.3 `isSystemError`) retries only ETIMEDOUT, ESOCKETTIMEDOUT, ECONNREFUSED, ECONNRESET,
 * ENOENT and ENOTFOUND, so without this one such a call fails outright. Observed: a Table storage write that failed a
 * whole run after a long detection stage. (Storage's own retry policy, which the queue client uses, does retry it.)
 *
 * The send goes out on another connection: Node destroys a socket whose write failed, and its agent drops it from the
 * pool, so the next send takes another pooled socket or opens a new one. Nothing waits between sends: the service is not
 * overloaded, the connection was just stale.
 *
 * Add it last (`{ afterPhase: 'Sign' }`): below the retry policy, so a resend is not multiplied by the retries, and below
 * requestTimeoutPolicy, so the resends share the attempt's deadline and abort signal and no call takes longer than
 * before; the request is sent again as signed (a bearer token or a Shared Key signature stays valid for minutes).
 * A resend is safe for every request of the app, writes included, because the service never got the first one. Should
 * that ever be wrong, nothing would apply twice: Table upserts and transactions write deterministic keys; incidents,
 * bookmarks, relations and comments are PUT by deterministic ids; a Table insert or an etag-conditional update would
 * fail with a conflict (409, 412); the Log Analytics query only reads.
 */
export function retryBrokenConnectionPolicy(): PipelinePolicy {
  return {
    name: RETRY_BROKEN_CONNECTION_POLICY_NAME,
    async sendRequest(request, next) {
      for (let resends = 0; ; resends++) {
        try {
          return await next(request);
        } catch (error) {
          if (!isUnsentRequest(error) || resends === BROKEN_CONNECTION_RESENDS || !canSendAgain(request.body)) throw error;
        }
      }
    },
  };
}
