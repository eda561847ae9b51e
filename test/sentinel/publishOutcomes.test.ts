import { describe, expect, it } from 'vitest';
import type { Incident } from '@azure/arm-securityinsight';
import type { ExecutedSteps } from '../../src/sentinel/executeSteps.js';
import { dryRunOutcome, executedOutcome } from '../../src/sentinel/publishOutcomes.js';
import type { DecidedPlan, NewIncidentPlan, ResightPlan } from '../../src/sentinel/publishPlan.js';
import type { PublishStep } from '../../src/sentinel/publishSteps.js';

const IP = '203.0.113.5';
const NEWS = { entities: {}, commandLines: [], later: false };
const before: Incident = { title: 't', severity: 'Medium', status: 'Active', incidentNumber: 7, lastActivityTimeUtc: new Date('2024-05-01T10:00:00Z') };
const update: PublishStep = { kind: 'updateIncident', incidentId: 'i1', incident: before, rebase: () => undefined };
const sighting: PublishStep[] = [
  { kind: 'putBookmark', bookmarkId: 'b2', bookmark: { displayName: 'b', query: 'q' } },
  { kind: 'putRelation', incidentId: 'i1', relationName: 'r2', bookmarkId: 'b2', relatedResourceId: '/b2', note: 'sighting bookmark added (new hosts: 1, new accounts: 0)' },
];
const comment: PublishStep = { kind: 'putComment', incidentId: 'i1', commentId: 'c1', message: 'm', note: 'comment added' };

function resight(kind: 'resight' | 'reopen', steps: PublishStep[]): ResightPlan {
  return { kind, ip: IP, generation: 1, incidentId: 'i1', news: NEWS, current: before, steps };
}

function newIncident(kind: 'create' | 'newGeneration', because?: string): NewIncidentPlan {
  return {
    kind,
    ip: IP,
    generation: kind === 'create' ? 1 : 2,
    incidentId: 'i2',
    ...(because ? { because } : {}),
    recovering: false,
    whenDeferred: { ip: IP, action: 'deferred', generation: 1, detail: 'over the per-run cap' },
    steps: [],
  };
}

describe('executedOutcome', () => {
  const later = new Date('2024-05-02T00:00:00Z');
  it.each<{ name: string; plan: DecidedPlan; executed: ExecutedSteps; expected: object }>([
    {
      name: 'a created incident, with its number',
      plan: newIncident('create'),
      executed: { created: { incidentNumber: 3 } },
      expected: { ip: IP, action: 'created', generation: 1, incidentId: 'i2', incidentNumber: 3 },
    },
    {
      name: 'a new generation says why',
      plan: newIncident('newGeneration', 'new incident, generation 2: incident i1 no longer exists'),
      executed: { created: {} },
      expected: { ip: IP, action: 'created', generation: 2, incidentId: 'i2', detail: 'new incident, generation 2: incident i1 no longer exists' },
    },
    {
      name: 'an incident an interrupted run created is left as it is',
      plan: { ...newIncident('create'), recovering: true },
      executed: { found: { incidentNumber: 9 } },
      expected: { ip: IP, action: 'unchanged', generation: 1, incidentId: 'i2', incidentNumber: 9, detail: 'already created by an interrupted run; left as it is' },
    },
    {
      name: 'a re-sighting with nothing to send is unchanged',
      plan: resight('resight', []),
      executed: {},
      expected: { ip: IP, action: 'unchanged', generation: 1, incidentId: 'i1', incidentNumber: 7, detail: 'nothing new' },
    },
    {
      name: 'a re-sighting lists what it did, in step order',
      plan: resight('resight', [...sighting, update, comment]),
      executed: { updated: { ...before, lastActivityTimeUtc: later } },
      expected: { action: 'updated', incidentNumber: 7, detail: 'sighting bookmark added (new hosts: 1, new accounts: 0), last activity moved, comment added' },
    },
    {
      name: 'a raised severity is said',
      plan: resight('resight', [update]),
      executed: { updated: { ...before, severity: 'High', lastActivityTimeUtc: later, incidentNumber: 8 } },
      expected: { action: 'updated', incidentNumber: 8, detail: 'severity raised to High, last activity moved' },
    },
    {
      name: 'an update not needed any more after a conflict says nothing',
      plan: resight('resight', [update]),
      executed: {},
      expected: { action: 'unchanged', incidentNumber: 7, detail: 'nothing new' },
    },
    {
      name: 'a reopening says reopened, not what else the update changed',
      plan: resight('reopen', [update, comment]),
      executed: { updated: { ...before, status: 'Active', lastActivityTimeUtc: later } },
      expected: { action: 'updated', incidentNumber: 7, detail: 'reopened, comment added' },
    },
    {
      name: 'skipped steps are said where they were planned',
      plan: resight('resight', [{ kind: 'note', text: 'sighting bookmark skipped (limit)' }, update, { kind: 'note', text: 'comment skipped (limit)' }]),
      executed: { updated: { ...before, lastActivityTimeUtc: later } },
      expected: { action: 'updated', incidentNumber: 7, detail: 'sighting bookmark skipped (limit), last activity moved, comment skipped (limit)' },
    },
  ])('$name', ({ plan, executed, expected }) => {
    const outcome = executedOutcome(plan, executed);
    expect(outcome).toMatchObject(expected);
    if (!('incidentNumber' in expected)) expect(outcome).not.toHaveProperty('incidentNumber');
  });

  it('returns a settled plan its outcome as it is', () => {
    const outcome = { ip: IP, action: 'deferred' as const, generation: 1, detail: 'over the per-run cap' };
    expect(executedOutcome({ kind: 'defer', outcome, steps: [] }, {})).toBe(outcome);
  });
});

describe('dryRunOutcome', () => {
  const payloads = [{ method: 'GET' as const, path: '/x' }];
  it('plans a new incident as created, "dry run", with the payloads', () => {
    expect(dryRunOutcome(newIncident('create'), payloads)).toEqual({ ip: IP, action: 'created', generation: 1, incidentId: 'i2', detail: 'dry run', payloads });
  });

  it.each([
    { name: 'with writes after the read is updated', steps: [{ kind: 'readIncident', incidentId: 'i1' }, comment] as PublishStep[], action: 'updated' },
    { name: 'with the read only is unchanged', steps: [{ kind: 'readIncident', incidentId: 'i1' }] as PublishStep[], action: 'unchanged' },
  ])('plans an incident not read: $name, and says what it assumed', ({ steps, action }) => {
    const plan = { kind: 'read' as const, ip: IP, generation: 1, incidentId: 'i1', news: NEWS, prior: undefined!, read: { kind: 'readIncident' as const, incidentId: 'i1' }, steps };
    expect(dryRunOutcome(plan, payloads)).toEqual({
      ip: IP,
      action,
      generation: 1,
      incidentId: 'i1',
      detail: 'dry run: the incident was not read; assumes it is open (sighting bookmark, comment and last activity depend on its state)',
      payloads,
    });
  });
});
