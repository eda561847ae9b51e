import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_DEQUEUE_COUNT } from '../../src/runs/processRunMessage.js';
import { encodeRunMessage, parseRunMessage } from '../../src/runs/runMessage.js';
import { repoRoot } from '../support/runCli.js';

describe('run messages', () => {
  it('are base64 of their JSON, as the host decodes queue messages by default', () => {
    const text = encodeRunMessage({ runId: 'wf-1' });
    expect(text).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(JSON.parse(Buffer.from(text, 'base64').toString('utf8'))).toEqual({ runId: 'wf-1' });
  });

  it('are read as the host hands them over: an object for JSON, a string otherwise', () => {
    expect(parseRunMessage({ runId: 'wf-1' })).toEqual({ runId: 'wf-1' });
    expect(parseRunMessage('{"runId":"wf-1"}')).toEqual({ runId: 'wf-1' });
    expect(parseRunMessage('{"runId":"../x"}')).toEqual({ problem: 'has no valid runId' });
    expect(parseRunMessage('[1]')).toEqual({ problem: 'is not a JSON object' });
    expect(parseRunMessage('eyJ')).toEqual({ problem: 'is not JSON (3 characters)' });
  });

  it('host.json delivers a message as often as the run handler expects, decoded from base64', () => {
    const host = JSON.parse(readFileSync(`${repoRoot}/host.json`, 'utf8')) as { extensions: { queues: Record<string, unknown> } };
    expect(host.extensions.queues).toMatchObject({ maxDequeueCount: MAX_DEQUEUE_COUNT, messageEncoding: 'base64' });
  });
});
