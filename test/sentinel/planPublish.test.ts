import { describe, expect, it } from 'vitest';
import type { Incident } from '@azure/arm-securityinsight';
import type { SentinelConfig } from '../../src/config/loadConfig.js';
import type { Finding } from '../../src/findings/finding.js';
import { bookmarkFor, sightingBookmarkFor } from '../../src/sentinel/bookmarkFor.js';
import { incidentFor } from '../../src/sentinel/incidentFor.js';
import { deferredPlan } from '../../src/sentinel/planNewIncident.js';
import { knownAfterReading, knownBeforeReading, planPublish } from '../../src/sentinel/planPublish.js';
import { publishIds, sightingIds } from '../../src/sentinel/publishIds.js';
import type { KnownIncident, PlanSettings, PublishPlan } from '../../src/sentinel/publishPlan.js';
import type { PublishStep } from '../../src/sentinel/publishSteps.js';
import type { SeenRecord } from '../../src/state/stateStore.js';
import { entitiesFromText } from '../../src/entities/entityLists.js';
import { accountsOf, CONTEXT, finding, hostsOf, sentinelConfig, WORKSPACE_ID } from './sentinelFixtures.js';

const IP = '203.0.113.5';
const DAY_MS = 86_400_000;
const first = finding(IP);
const prior: SeenRecord = {
  ip: IP,
  incidentId: publishIds(WORKSPACE_ID, 'cmdline-ip-hunter', IP, 1).incidentId,
  generation: 1,
  entities: first.entities,
  commandLines: first.commandLines,
  firstReported: CONTEXT.now,
  lastReported: CONTEXT.now,
  lastSeen: first.lastSeen,
};

const later = new Date('2024-05-02T08:00:00Z');
/** The same as reported: nothing new, not seen later. */
const same = first;
/** Seen later, nothing else new. */
const sameLater = finding(IP, { lastSeen: later });
/** A new host and account and a new command line, seen later. */
const withNews = finding(IP, {
  hosts: [...hostsOf(first), 'db02.contoso.com'],
  accounts: [...accountsOf(first), 'bob@contoso.com'],
  commandLines: [...first.commandLines, `curl http://${IP}/b`],
  lastSeen: later,
});
/** Only a new command line, not seen later. */
const newLineOnly = finding(IP, { commandLines: [...first.commandLines, `curl http://${IP}/b`] });

function settings(config: Partial<SentinelConfig> = {}, now = CONTEXT.now): PlanSettings {
  return { config: sentinelConfig('https://management.example', config), workspaceId: WORKSPACE_ID, context: { ...CONTEXT, now } };
}

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    title: 't',
    severity: 'Medium',
    status: 'Active',
    etag: '"e1"',
    incidentNumber: 7,
    lastActivityTimeUtc: first.lastSeen,
    additionalData: { bookmarksCount: 1, commentsCount: 0 },
    ...overrides,
  };
}

const open = (overrides: Partial<Incident> = {}): KnownIncident => ({ state: 'open', prior, incident: incident(overrides) });
const closed = (daysAgo: number | undefined): KnownIncident => ({
  state: 'closed',
  prior,
  incident: incident({ status: 'Closed', classification: 'FalsePositive' }),
  closedAt: daysAgo === undefined ? undefined : new Date(CONTEXT.now.getTime() - daysAgo * DAY_MS),
});

/** A plan's steps in short: the kind, and a note's text. */
function stepKinds(plan: PublishPlan): string[] {
  return plan.steps.map((step) => (step.kind === 'note' ? `note: ${step.text}` : step.kind));
}

const SIGHTING = ['putBookmark', 'putRelation'];
const CREATE = ['putBookmark', 'putIncident', 'putRelation'];

describe('planPublish', () => {
  const table: {
    name: string;
    finding: Finding;
    known: KnownIncident;
    config?: Partial<SentinelConfig>;
    kind: PublishPlan['kind'];
    steps: string[];
    generation?: number;
    detail?: string | RegExp;
  }[] = [
    { name: 'a new IP: bookmark, incident, relation', finding: first, known: { state: 'new' }, kind: 'create', steps: CREATE, generation: 1 },
    {
      name: 'a new IP left in flight: reads the incident before writing it',
      finding: first,
      known: { state: 'inFlight' },
      kind: 'create',
      steps: ['putBookmark', 'readIncident', 'putIncident', 'putRelation'],
      generation: 1,
    },
    {
      name: 'not read, with news: the read, then what an open incident gets without the update',
      finding: withNews,
      known: { state: 'notRead', prior },
      kind: 'read',
      steps: ['readIncident', ...SIGHTING, 'putComment'],
    },
    {
      name: 'not read, only a new command line: the read and a comment',
      finding: newLineOnly,
      known: { state: 'notRead', prior },
      kind: 'read',
      steps: ['readIncident', 'putComment'],
    },
    { name: 'not read, nothing new: the read only', finding: same, known: { state: 'notRead', prior }, kind: 'read', steps: ['readIncident'] },
    { name: 'open, nothing new and not seen later: no step', finding: same, known: open(), kind: 'resight', steps: [] },
    { name: 'open, seen later only: last activity', finding: sameLater, known: open(), kind: 'resight', steps: ['updateIncident'] },
    {
      name: 'open, new entities and lines: sighting bookmark and relation, update, comment',
      finding: withNews,
      known: open(),
      kind: 'resight',
      steps: [...SIGHTING, 'updateIncident', 'putComment'],
    },
    { name: 'open, only a new command line: a comment, no bookmark', finding: newLineOnly, known: open(), kind: 'resight', steps: ['putComment'] },
    {
      name: 'open, at the related-bookmark limit: the bookmark is skipped, the rest goes on',
      finding: withNews,
      known: open({ additionalData: { bookmarksCount: 20, commentsCount: 0 } }),
      kind: 'resight',
      steps: ['note: sighting bookmark skipped (incident has 20 related bookmarks, the service limit)', 'updateIncident', 'putComment'],
    },
    {
      name: 'open, at the comment limit: the comment is skipped, the rest goes on',
      finding: withNews,
      known: open({ additionalData: { bookmarksCount: 1, commentsCount: 100 } }),
      kind: 'resight',
      steps: [...SIGHTING, 'updateIncident', 'note: comment skipped (incident has 100 comments, the service limit)'],
    },
    {
      name: 'closed, policy ignore: nothing',
      finding: withNews,
      known: closed(30),
      config: { closedIncidentPolicy: 'ignore' },
      kind: 'nothing',
      steps: [],
      detail: 'closed incident ignored (policy ignore)',
    },
    {
      name: 'closed, policy reopen, with news: sighting, reopening update, comment',
      finding: withNews,
      known: closed(30),
      config: { closedIncidentPolicy: 'reopen' },
      kind: 'reopen',
      steps: [...SIGHTING, 'updateIncident', 'putComment'],
    },
    {
      name: 'closed, policy reopen, nothing new: still reopened, with a comment',
      finding: same,
      known: closed(30),
      config: { closedIncidentPolicy: 'reopen' },
      kind: 'reopen',
      steps: ['updateIncident', 'putComment'],
    },
    {
      name: 'closed, policy new, closed for less than newIncidentAfterDays: nothing',
      finding: withNews,
      known: closed(6.9),
      config: { closedIncidentPolicy: 'new', newIncidentAfterDays: 7 },
      kind: 'nothing',
      steps: [],
      detail: 'closed incident ignored (closed 6 day(s) ago; policy new raises a new incident after 7)',
    },
    {
      name: 'closed, policy new, closed for exactly newIncidentAfterDays: a new generation',
      finding: withNews,
      known: closed(7),
      config: { closedIncidentPolicy: 'new', newIncidentAfterDays: 7 },
      kind: 'newGeneration',
      steps: CREATE,
      generation: 2,
      detail: `new incident, generation 2: incident ${prior.incidentId} closed 7 day(s) ago`,
    },
    {
      name: 'closed, policy new, closed for longer: a new generation',
      finding: same,
      known: closed(8.5),
      config: { closedIncidentPolicy: 'new', newIncidentAfterDays: 7 },
      kind: 'newGeneration',
      steps: CREATE,
      generation: 2,
      detail: `new incident, generation 2: incident ${prior.incidentId} closed 8 day(s) ago`,
    },
    {
      name: 'closed, policy new with newIncidentAfterDays 0: a new generation at once',
      finding: same,
      known: closed(0),
      config: { closedIncidentPolicy: 'new', newIncidentAfterDays: 0 },
      kind: 'newGeneration',
      steps: CREATE,
      generation: 2,
    },
    {
      name: 'gone (404): a new generation, whatever the policy',
      finding: same,
      known: { state: 'gone', prior },
      config: { closedIncidentPolicy: 'ignore' },
      kind: 'newGeneration',
      steps: CREATE,
      generation: 2,
      detail: `new incident, generation 2: incident ${prior.incidentId} no longer exists`,
    },
  ];

  it.each(table)('$name', ({ finding: f, known, config, kind, steps, generation, detail }) => {
    const plan = planPublish(f, known, settings(config));
    expect(plan.kind).toBe(kind);
    expect(stepKinds(plan)).toEqual(steps);
    if (generation !== undefined) expect(plan).toMatchObject({ generation });
    if (detail !== undefined) {
      const said = plan.kind === 'nothing' || plan.kind === 'defer' ? plan.outcome.detail : 'because' in plan ? plan.because : undefined;
      expect(said).toEqual(typeof detail === 'string' ? detail : expect.stringMatching(detail));
    }
  });

  it('builds a new incident from the payload builders, under the deterministic ids of its generation', () => {
    const s = settings();
    const plan = planPublish(first, { state: 'gone', prior }, s);
    const ids = publishIds(WORKSPACE_ID, s.config.detectionId, IP, 2);
    expect(plan.steps).toEqual([
      { kind: 'putBookmark', bookmarkId: ids.bookmarkId, bookmark: bookmarkFor(first, { window: CONTEXT.window, labels: s.config.labels }) },
      { kind: 'putIncident', incidentId: ids.incidentId, incident: incidentFor(first, s.config), unlessFound: false },
      {
        kind: 'putRelation',
        incidentId: ids.incidentId,
        relationName: ids.relationName,
        bookmarkId: ids.bookmarkId,
        relatedResourceId: expect.stringMatching(new RegExp(`/workspaces/law-sec/providers/Microsoft.SecurityInsights/bookmarks/${ids.bookmarkId}$`)),
      },
    ]);
  });

  it('leaves an incident an interrupted run created as it is, when the read finds it', () => {
    const plan = planPublish(first, { state: 'inFlight' }, settings());
    expect(plan.steps.find((s) => s.kind === 'putIncident')).toMatchObject({ unlessFound: true });
    expect(planPublish(first, { state: 'new' }, settings()).steps.find((s) => s.kind === 'putIncident')).toMatchObject({ unlessFound: false });
  });

  it('brings only the new hosts and accounts in the sighting bookmark, under ids from the incident and those names', () => {
    const s = settings();
    const plan = planPublish(withNews, open(), s);
    const news = entitiesFromText({ hosts: ['db02.contoso.com'], accounts: ['bob@contoso.com'] });
    const { bookmarkId, relationName } = sightingIds(prior.incidentId, news);
    expect(plan.steps.slice(0, 2)).toEqual([
      { kind: 'putBookmark', bookmarkId, bookmark: sightingBookmarkFor(withNews, news, { window: CONTEXT.window, labels: s.config.labels }) },
      expect.objectContaining({ kind: 'putRelation', incidentId: prior.incidentId, relationName, bookmarkId, note: 'sighting bookmark added (new hosts: 1, new accounts: 1)' }),
    ]);
  });

  it('updates with the etag read, and applies the same change to a fresh read after a conflict', () => {
    const plan = planPublish(sameLater, open(), settings());
    const update = plan.steps.find((s): s is Extract<PublishStep, { kind: 'updateIncident' }> => s.kind === 'updateIncident')!;
    expect(update.incident).toMatchObject({ etag: '"e1"', lastActivityTimeUtc: later, status: 'Active' });
    expect(update.rebase(incident({ etag: '"e2"' }))).toMatchObject({ etag: '"e2"', lastActivityTimeUtc: later });
    expect(update.rebase(incident({ etag: '"e2"', lastActivityTimeUtc: new Date('2024-06-01T00:00:00Z') }))).toBeUndefined();
  });

  it('reopens as Active and comments "Reopened by"; a re-sighting comments "Re-sighting:"', () => {
    const reopened = planPublish(withNews, closed(30), settings({ closedIncidentPolicy: 'reopen' }));
    expect(reopened.steps.find((s) => s.kind === 'updateIncident')).toMatchObject({ incident: { status: 'Active', classification: undefined } });
    expect(reopened.steps.find((s) => s.kind === 'putComment')).toMatchObject({ message: expect.stringMatching(/^Reopened by cmdline-ip-hunter: 203\.0\.113\.5 was seen again/) });
    const resighted = planPublish(withNews, open(), settings());
    expect(resighted.steps.find((s) => s.kind === 'putComment')).toMatchObject({ message: expect.stringMatching(/^Re-sighting: 203\.0\.113\.5 was seen again/) });
  });
});

describe('deferredPlan (the per-run cap has no slot left)', () => {
  it.each([
    {
      name: 'a new IP is deferred at generation 1',
      known: { state: 'new' } as KnownIncident,
      outcome: { ip: IP, action: 'deferred', generation: 1, detail: 'over the per-run cap' },
    },
    {
      name: 'a new IP left in flight likewise',
      known: { state: 'inFlight' } as KnownIncident,
      outcome: { ip: IP, action: 'deferred', generation: 1, detail: 'over the per-run cap' },
    },
    {
      name: 'a new generation keeps the reported incident and says why it was due',
      known: { state: 'gone', prior } as KnownIncident,
      outcome: { ip: IP, action: 'deferred', generation: 1, incidentId: prior.incidentId, detail: `over the per-run cap (incident ${prior.incidentId} no longer exists)` },
    },
  ])('$name', ({ known, outcome }) => {
    const plan = planPublish(first, known, settings());
    if (plan.kind !== 'create' && plan.kind !== 'newGeneration') throw new Error(`expected a new incident, got ${plan.kind}`);
    expect(deferredPlan(plan)).toEqual({ kind: 'defer', outcome, steps: [] });
  });
});

describe('knownBeforeReading / knownAfterReading', () => {
  it.each([
    { name: 'a new IP', item: { finding: first }, known: { state: 'new' } },
    { name: 'a new IP left in flight', item: { finding: first, recovering: true }, known: { state: 'inFlight' } },
    { name: 'a reported IP, not read yet', item: { finding: first, prior }, known: { state: 'notRead', prior } },
  ])('before reading: $name', ({ item, known }) => {
    expect(knownBeforeReading(item)).toEqual(known);
  });

  const modified = new Date('2024-05-03T00:00:00Z');
  it.each([
    { name: 'not found is gone', read: undefined, known: { state: 'gone', prior } },
    { name: 'Active is open', read: incident({ status: 'Active' }), known: { state: 'open', prior, incident: incident({ status: 'Active' }) } },
    { name: 'New is open', read: incident({ status: 'New' }), known: { state: 'open', prior, incident: incident({ status: 'New' }) } },
    {
      name: 'Closed was closed at its last modification',
      read: incident({ status: 'Closed', lastModifiedTimeUtc: modified }),
      known: { state: 'closed', prior, incident: incident({ status: 'Closed', lastModifiedTimeUtc: modified }), closedAt: modified },
    },
    {
      name: 'Closed without a modification time was closed at its last activity',
      read: incident({ status: 'Closed' }),
      known: { state: 'closed', prior, incident: incident({ status: 'Closed' }), closedAt: first.lastSeen },
    },
  ])('after reading: $name', ({ read, known }) => {
    expect(knownAfterReading(prior, read)).toEqual(known);
  });
});
