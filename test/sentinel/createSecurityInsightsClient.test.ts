import { describe, expect, it } from 'vitest';
import { staticTokenCredential } from '../../local/http/staticTokenCredential.js';
import { REQUEST_TIMEOUT_POLICY_NAME } from '../../src/requestTimeoutPolicy.js';
import { RETRY_BROKEN_CONNECTION_POLICY_NAME } from '../../src/retryBrokenConnectionPolicy.js';
import { createSecurityInsightsClient } from '../../src/sentinel/createSecurityInsightsClient.js';
import { failingTransport, type FailingTransport } from '../support/failingTransport.js';
import { testConfig } from '../support/testSettings.js';

function clientOver(transport: FailingTransport) {
  return createSecurityInsightsClient(testConfig().sentinel, { credential: staticTokenCredential(), httpClient: transport });
}

describe('createSecurityInsightsClient', () => {
  it('sends an incident PUT again whose send met a connection the service had closed', async () => {
    const transport = failingTransport(1, { answer: { status: 200, body: JSON.stringify({ name: 'incident-1', properties: { title: 'T', severity: 'Low', status: 'New' } }) } });
    const incident = await clientOver(transport).incidents.createOrUpdate('rg-sentinel', 'law-sentinel', 'incident-1', { title: 'T', severity: 'Low', status: 'New' });
    expect(incident).toMatchObject({ name: 'incident-1', title: 'T' });
    expect(transport.sends.map((request) => request.method)).toEqual(['PUT', 'PUT']);
  });

  it('sends it again below the per-attempt limit, so the resend shares its deadline', () => {
    const names = clientOver(failingTransport(0)).pipeline.getOrderedPolicies().map((policy) => policy.name);
    expect(names.indexOf(RETRY_BROKEN_CONNECTION_POLICY_NAME)).toBeGreaterThan(names.indexOf(REQUEST_TIMEOUT_POLICY_NAME));
    expect(names.indexOf(REQUEST_TIMEOUT_POLICY_NAME)).toBeGreaterThan(names.indexOf('defaultRetryPolicy'));
  });
});
