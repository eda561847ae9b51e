import { createDefaultHttpClient, type HttpClient, type PipelineRequest } from '@azure/core-rest-pipeline';

/**
 * An HttpClient for the local emulators: the SDK keeps an https:// endpoint (so its bearer-token policy runs as in
 * production) and this transport sends the request over plain http to 127.0.0.1.
 * NOTE: core-rest-pipeline refuses bearer tokens over http:// unconditionally, even with allowInsecureConnection
 * (observed with @azure/monitor-query-logs 1.0.0 and @azure/arm-securityinsight 1.0.0-beta.6). Dev-only: never used by src/.
 */
export function httpDowngradingClient(): HttpClient {
  const inner = createDefaultHttpClient();
  return {
    sendRequest(request: PipelineRequest) {
      request.url = request.url.replace(/^https:/i, 'http:');
      request.allowInsecureConnection = true;
      return inner.sendRequest(request);
    },
  };
}
