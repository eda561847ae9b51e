import { describe, expect, it } from 'vitest';
import { buildHuntSummary, type HuntRunParts } from '../../src/hunt/buildHuntSummary.js';
import { finding } from '../sentinel/sentinelFixtures.js';

const START = new Date('2024-05-01T00:00:00Z');
const END = new Date('2024-05-01T11:00:00Z');
const PREVIOUS = new Date('2024-05-01T10:00:00Z');

function parts(overrides: Partial<HuntRunParts> = {}): HuntRunParts {
  return {
    runId: 'run-1',
    trigger: 'timer',
    dryRun: false,
    queryMode: 'hunt',
    startedAt: new Date('2024-05-01T12:00:00Z'),
    finishedAt: new Date('2024-05-01T12:00:01Z'),
    plan: { window: { start: START, end: END }, source: 'scheduled', hasWork: true, truncated: false },
    previousCheckpoint: PREVIOUS,
    checkpoint: { advanceTo: END },
    queried: { rows: [], segments: [{ start: START, end: END, rows: 3 }], partialFailures: [], unresolvedTables: ['Event', 'WindowsEvent'] },
    sources: { hunted: ['securityevent', 'defender'], skipped: ['sysmon'], missingTables: ['Event', 'WindowsEvent'] },
    detected: { rows: 3, candidateLines: 2, excluded: [], rowErrors: [] },
    exclusionProblems: [],
    expiredExclusions: [],
    findings: [finding('45.9.148.3')],
    newIps: ['45.9.148.3'],
    resightedIps: [],
    carriedOverIps: [],
    outcomes: [{ ip: '45.9.148.3', action: 'created', generation: 1, incidentId: 'i-1', incidentNumber: 4 }],
    quiet: [],
    durationsMs: { query: 1, exclusions: 0, detect: 1, state: 1, publish: 1, total: 5 },
    ...overrides,
  };
}

describe('buildHuntSummary', () => {
  it('reports the window, times and counts as ISO-8601 text', () => {
    const summary = buildHuntSummary(parts());
    expect(summary).toMatchObject({
      runId: 'run-1',
      startedAt: '2024-05-01T12:00:00.000Z',
      finishedAt: '2024-05-01T12:00:01.000Z',
      window: { start: '2024-05-01T00:00:00.000Z', end: '2024-05-01T11:00:00.000Z', source: 'scheduled', truncated: false },
      query: { segments: [{ start: '2024-05-01T00:00:00.000Z', end: '2024-05-01T11:00:00.000Z', rows: 3 }], partialFailures: [], sources: { hunted: ['securityevent', 'defender'], skipped: ['sysmon'], missingTables: ['Event', 'WindowsEvent'] } },
      rows: 3,
      candidateLines: 2,
      externalIps: 1,
      findings: [{ ip: '45.9.148.3', firstSeen: '2024-05-01T09:00:00.000Z', lastSeen: '2024-05-01T10:00:00.000Z' }],
      incidents: [{ ip: '45.9.148.3', incidentId: 'i-1', incidentNumber: 4, action: 'created' }],
    });
    expect(summary).not.toHaveProperty('payloads');
  });

  it.each([
    ['an advanced checkpoint', PREVIOUS, { advanceTo: END }, { previous: '2024-05-01T10:00:00.000Z', next: '2024-05-01T11:00:00.000Z', advanced: true }],
    ['a first run that advances', undefined, { advanceTo: END }, { previous: null, next: '2024-05-01T11:00:00.000Z', advanced: true }],
    ['a held checkpoint, with its note', PREVIOUS, { note: 'nothing to query yet' }, { previous: '2024-05-01T10:00:00.000Z', next: '2024-05-01T10:00:00.000Z', advanced: false, note: 'nothing to query yet' }],
    ['no checkpoint, held', undefined, { note: 'explicit window: checkpoint unchanged' }, { previous: null, next: null, advanced: false, note: 'explicit window: checkpoint unchanged' }],
  ] as const)('shows %s', (_name, previousCheckpoint, checkpoint, expected) => {
    expect(buildHuntSummary(parts({ previousCheckpoint, checkpoint })).checkpoint).toEqual(expected);
  });

  it('lists incidents (outcomes, then quiet ones), deferred IPs and failures (query parts first)', () => {
    const summary = buildHuntSummary(
      parts({
        queried: { rows: [], segments: [], partialFailures: [{ window: { start: START, end: END }, code: 'PartialError', message: 'a shard timed out' }], unresolvedTables: [] },
        outcomes: [
          { ip: '1.1.1.1', action: 'failed', generation: 1, error: 'PUT incident x for 1.1.1.1 failed (400)' },
          { ip: '2.2.2.2', action: 'deferred', generation: 1, detail: 'over the per-run cap' },
          { ip: '3.3.3.3', action: 'failed', generation: 1 },
        ],
        quiet: [{ ip: '4.4.4.4', incidentId: 'i-4', action: 'unchanged', detail: 'nothing new since the last report', reason: 'nothing-new' }],
      }),
    );
    expect(summary.incidents).toEqual([
      { ip: '1.1.1.1', incidentId: null, action: 'failed' },
      { ip: '2.2.2.2', incidentId: null, action: 'deferred', detail: 'over the per-run cap' },
      { ip: '3.3.3.3', incidentId: null, action: 'failed' },
      { ip: '4.4.4.4', incidentId: 'i-4', action: 'unchanged', detail: 'nothing new since the last report', reason: 'nothing-new' },
    ]);
    expect(summary.deferredIps).toEqual(['2.2.2.2']);
    expect(summary.failures).toEqual([
      { stage: 'query', error: 'PartialError: a shard timed out' },
      { ip: '1.1.1.1', stage: 'publish', error: 'PUT incident x for 1.1.1.1 failed (400)' },
      { ip: '3.3.3.3', stage: 'publish', error: 'unknown error' },
    ]);
  });

  it('carries the payloads of a dry run', () => {
    const payloads = [{ method: 'PUT' as const, path: '/incidents/i-1', body: { properties: {} } }];
    const summary = buildHuntSummary(
      parts({
        dryRun: true,
        outcomes: [
          { ip: '1.1.1.1', action: 'created', generation: 1, incidentId: 'i-1', payloads },
          { ip: '2.2.2.2', action: 'deferred', generation: 1 },
        ],
      }),
    );
    expect(summary.payloads).toEqual([{ ip: '1.1.1.1', payloads }]);
  });

  it('reports exclusion hits and expired rules', () => {
    const summary = buildHuntSummary(
      parts({
        detected: { rows: 3, candidateLines: 2, excluded: [{ ip: '168.63.129.16', reason: 'Azure platform', rule: 'EXCLUDED_CIDRS 168.63.129.16', eventCount: 2 }], rowErrors: [] },
        expiredExclusions: [{ rule: 'EXCLUSION_RULES[0]', expires: new Date('2024-04-01T00:00:00Z'), reason: 'pen test' }, { rule: 'EXCLUSION_RULES[1]', expires: new Date('2024-04-02T00:00:00Z') }],
      }),
    );
    expect(summary.excluded).toEqual([{ ip: '168.63.129.16', reason: 'Azure platform', rule: 'EXCLUDED_CIDRS 168.63.129.16', eventCount: 2 }]);
    expect(summary.expiredExclusions).toEqual([
      { rule: 'EXCLUSION_RULES[0]', expires: '2024-04-01T00:00:00.000Z', reason: 'pen test' },
      { rule: 'EXCLUSION_RULES[1]', expires: '2024-04-02T00:00:00.000Z' },
    ]);
  });
});
