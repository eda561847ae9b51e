import { describe, expect, it } from 'vitest';
import { storageConnectionStringProblem } from '../../src/config/storageConnectionStringProblem.js';

const KEY = Buffer.from('k'.repeat(64)).toString('base64');

describe('storageConnectionStringProblem', () => {
  it.each([
    'UseDevelopmentStorage=true',
    `DefaultEndpointsProtocol=https;AccountName=stiphunt01;AccountKey=${KEY};EndpointSuffix=core.windows.net`,
    `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${KEY};TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;`,
    'TableEndpoint=https://stiphunt01.table.core.windows.net;SharedAccessSignature=sv=2022-11-02&ss=t&sig=abc',
  ])('accepts %s', (text) => {
    expect(storageConnectionStringProblem(text)).toBeUndefined();
  });

  it.each([
    ['not a connection string', /key=value pairs/],
    ['UseDevelopmentStorage=yes', /must be true/],
    [`DefaultEndpointsProtocol=https;AccountName=stiphunt01;AccountKy=${KEY}`, /unknown key "AccountKy"/],
    [`DefaultEndpointsProtocol=ftp;AccountName=stiphunt01;AccountKey=${KEY}`, /DefaultEndpointsProtocol/],
    [`DefaultEndpointsProtocol=https;AccountName=St_Bad;AccountKey=${KEY}`, /AccountName/],
    ['DefaultEndpointsProtocol=https;AccountName=stiphunt01;AccountKey=not base64!', /AccountKey/],
    [`AccountName=stiphunt01;AccountKey=${KEY}`, /needs DefaultEndpointsProtocol/],
    [`DefaultEndpointsProtocol=https;AccountName=stiphunt01;AccountKey=${KEY};TableEndpoint=table`, /TableEndpoint is not an http\(s\) URL/],
    ['SharedAccessSignature=sv=1&sig=x', /needs TableEndpoint/],
    ['TableEndpoint=https://x.table.core.windows.net', /no credentials/],
  ])('refuses %s', (text, message) => {
    expect(storageConnectionStringProblem(text)).toMatch(message);
  });

  it('never quotes the account key or signature', () => {
    const secret = 'c2VjcmV0LXNlY3JldA';
    expect(storageConnectionStringProblem(`DefaultEndpointsProtocol=https;AccountName=stiphunt01;AccountKey=${secret}`)).not.toContain(secret);
  });
});
