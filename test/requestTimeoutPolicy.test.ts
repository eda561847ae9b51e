import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmptyPipeline, createHttpHeaders, createPipelineRequest, createDefaultHttpClient } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { requestTimeoutPolicy } from '../src/requestTimeoutPolicy.js';

describe('requestTimeoutPolicy', () => {
  it('aborts a request the service never answers, and leaves a timeout the caller set', async () => {
    const server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const pipeline = createEmptyPipeline();
      pipeline.addPolicy(requestTimeoutPolicy(200));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const request = createPipelineRequest({ url, headers: createHttpHeaders(), allowInsecureConnection: true });
      await expect(pipeline.sendRequest(createDefaultHttpClient(), request)).rejects.toThrow(/abort/i);
      expect(request.timeout).toBe(200);

      const own = createPipelineRequest({ url, timeout: 100, allowInsecureConnection: true });
      await expect(pipeline.sendRequest(createDefaultHttpClient(), own)).rejects.toThrow(/abort/i);
      expect(own.timeout).toBe(100);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
