import { describe, expect, it } from 'vitest';
import type { PublishAction, PublishItem, PublishOutcome } from '../../src/sentinel/index.js';
import type { SeenRecord } from '../../src/state/stateStore.js';
import { nextSeenRecord } from '../../src/hunt/nextSeenRecord.js';
import { settleRun, type SettleInput } from '../../src/hunt/settleRun.js';
import { finding } from '../sentinel/sentinelFixtures.js';
import type { EvidenceReport } from '../../src/evidence/evidence.js';

const NOW = new Date('2024-05-01T12:00:00Z');
const IP = '45.9.148.3';

/** What state remembers of an IP reported by an earlier run (built the way a run builds it). */
function reported(ip: string): SeenRecord {
  return nextSeenRecord(finding(ip), { ip, action: 'created', generation: 1, incidentId: `incident-${ip}`, incidentNumber: 7 }, undefined, new Date('2024-04-30T12:00:00Z'));
}

function outcome(ip: string, action: PublishAction): PublishOutcome {
  switch (action) {
    case 'failed':
      return { ip, action, generation: 1, error: 'PUT incident failed (400)' };
    case 'deferred':
      return { ip, action, generation: 1, detail: 'over the per-run cap' };
    default:
      return { ip, action, generation: 1, incidentId: `incident-${ip}`, incidentNumber: 7 };
  }
}

function input(overrides: Partial<SettleInput> = {}): SettleInput {
  return {
    dryRun: false,
    items: [],
    outcomes: [],
    seen: new Map(),
    pendingIps: [],
    excludedPendingIps: [],
    quietIps: [],
    inFlight: new Set(),
    now: NOW,
    ...overrides,
  };
}

interface Row {
  /** Reported before (a re-sighting, published with its prior). */
  readonly known?: boolean;
  /** Carried over: state held it as pending when the run started. */
  readonly pending?: boolean;
  /** An earlier, interrupted run left it in flight. */
  readonly inFlight?: boolean;
  /** What the publisher did with it; `excluded` means a pending IP an exclusion now removes, never sent to the publisher. */
  readonly action: PublishAction | 'excluded';
}

/** One IP through settleRun: what the run writes about it. */
function settleOne(row: Row) {
  const item: PublishItem = row.known ? { finding: finding(IP), prior: reported(IP) } : { finding: finding(IP) };
  const plan = settleRun(
    input({
      items: row.action === 'excluded' ? [] : [item],
      outcomes: row.action === 'excluded' ? [] : [outcome(IP, row.action)],
      seen: row.known ? new Map([[IP, reported(IP)]]) : new Map(),
      pendingIps: row.pending ? [IP] : [],
      excludedPendingIps: row.action === 'excluded' ? [IP] : [],
      inFlight: new Set(row.inFlight ? [IP] : []),
    }),
  );
  return {
    seen: plan.putSeen.map((r) => r.ip),
    putPending: plan.putPending.map((f) => f.ip),
    deletePending: plan.deletePending,
    deleteInFlight: plan.deleteInFlight,
  };
}

describe('settleRun: what a run records about each IP', () => {
  const none: string[] = [];
  const ip = [IP];
  it.each<[string, Row, { seen: string[]; putPending: string[]; deletePending: string[]; deleteInFlight: string[] }]>([
    ['a published new IP is seen and leaves in flight', { action: 'created' }, { seen: ip, putPending: none, deletePending: none, deleteInFlight: ip }],
    ['a failed new IP is carried over and stays in flight', { action: 'failed' }, { seen: none, putPending: ip, deletePending: none, deleteInFlight: none }],
    ['a deferred new IP is carried over and leaves in flight (nothing was written)', { action: 'deferred' }, { seen: none, putPending: ip, deletePending: none, deleteInFlight: ip }],
    [
      'a deferred IP an earlier run left in flight stays in flight',
      { action: 'deferred', pending: true, inFlight: true },
      { seen: none, putPending: ip, deletePending: none, deleteInFlight: none },
    ],
    [
      'a new IP recovered from an interrupted run is seen and leaves in flight',
      { action: 'unchanged', inFlight: true },
      { seen: ip, putPending: none, deletePending: none, deleteInFlight: ip },
    ],
    [
      'a carried-over IP that fails again stays pending and in flight',
      { action: 'failed', pending: true, inFlight: true },
      { seen: none, putPending: ip, deletePending: none, deleteInFlight: none },
    ],
    [
      'a carried-over IP that is published leaves pending and in flight',
      { action: 'created', pending: true, inFlight: true },
      { seen: ip, putPending: none, deletePending: ip, deleteInFlight: ip },
    ],
    [
      'a carried-over IP that is now excluded leaves pending (and is not touched in flight)',
      { action: 'excluded', pending: true, inFlight: true },
      { seen: none, putPending: none, deletePending: ip, deleteInFlight: none },
    ],
    ['a re-sighted IP with news is seen again; it was never in flight', { action: 'updated', known: true }, { seen: ip, putPending: none, deletePending: none, deleteInFlight: none }],
    ['a re-sighted IP left unchanged is seen again', { action: 'unchanged', known: true }, { seen: ip, putPending: none, deletePending: none, deleteInFlight: none }],
    [
      'a carried-over re-sighting that fails again stays pending',
      { action: 'failed', known: true, pending: true },
      { seen: none, putPending: ip, deletePending: none, deleteInFlight: none },
    ],
    [
      'a carried-over re-sighting that is published leaves pending',
      { action: 'updated', known: true, pending: true },
      { seen: ip, putPending: none, deletePending: ip, deleteInFlight: none },
    ],
  ])('%s', (_name, row, expected) => {
    expect(settleOne(row)).toEqual(expected);
  });

  it('settles several IPs at once, each by its own outcome, in the order of the items', () => {
    const ips = ['1.1.1.1', '2.2.2.2', '3.3.3.3', '4.4.4.4', '5.5.5.5'];
    const actions: PublishAction[] = ['created', 'failed', 'deferred', 'deferred', 'created'];
    const plan = settleRun(
      input({
        items: ips.map((i) => ({ finding: finding(i) })),
        outcomes: ips.map((i, n) => outcome(i, actions[n]!)),
        pendingIps: ['4.4.4.4', '5.5.5.5', '6.6.6.6'],
        excludedPendingIps: ['6.6.6.6'],
        inFlight: new Set(['4.4.4.4']),
      }),
    );
    expect(plan.putSeen.map((r) => r.ip)).toEqual(['1.1.1.1', '5.5.5.5']);
    expect(plan.putPending.map((f) => f.ip)).toEqual(['2.2.2.2', '3.3.3.3', '4.4.4.4']);
    expect(plan.deletePending).toEqual(['5.5.5.5', '6.6.6.6']);
    expect(plan.deleteInFlight).toEqual(['1.1.1.1', '3.3.3.3', '5.5.5.5']);
  });

  it('remembers a published IP with its incident, first reported now', () => {
    const plan = settleRun(input({ items: [{ finding: finding(IP) }], outcomes: [outcome(IP, 'created')] }));
    expect(plan.putSeen).toEqual([expect.objectContaining({ ip: IP, incidentId: `incident-${IP}`, incidentNumber: 7, generation: 1, firstReported: NOW, lastReported: NOW })]);
  });

  it('keeps when a re-sighted IP was first reported', () => {
    const prior = reported(IP);
    const plan = settleRun(input({ items: [{ finding: finding(IP), prior }], outcomes: [outcome(IP, 'updated')], seen: new Map([[IP, prior]]) }));
    expect(plan.putSeen).toEqual([expect.objectContaining({ ip: IP, incidentId: prior.incidentId, firstReported: prior.firstReported, lastReported: NOW })]);
  });

  it('writes nothing in a dry run, whatever the outcomes', () => {
    const plan = settleRun(
      input({
        dryRun: true,
        items: [{ finding: finding('1.1.1.1') }, { finding: finding('2.2.2.2') }],
        outcomes: [outcome('1.1.1.1', 'created'), outcome('2.2.2.2', 'failed')],
        pendingIps: ['1.1.1.1', '3.3.3.3'],
        excludedPendingIps: ['3.3.3.3'],
      }),
    );
    expect(plan).toEqual({ putSeen: [], putPending: [], deletePending: [], deleteInFlight: [], evidenceRetryIps: [], evidenceGivenUpIps: [] });
  });
});

describe('settleRun: pending IPs', () => {
  it('keeps a failed IP pending', () => {
    const plan = settleRun(input({ items: [{ finding: finding(IP) }], outcomes: [outcome(IP, 'failed')] }));
    expect(plan.putPending.map((f) => f.ip)).toEqual([IP]);
  });

  it('lets a pending IP with nothing new since its report leave pending', () => {
    const plan = settleRun(input({ pendingIps: [IP, '1.1.1.1'], quietIps: [IP] }));
    expect(plan.deletePending).toEqual([IP]);
  });
});

describe('settleRun: evidence an incident lacks', () => {
  const unavailable: EvidenceReport = { status: 'unavailable', error: 'evidence query refused', queries: [] };
  const found: EvidenceReport = {
    status: 'found',
    evidence: { ip: IP, connections: [], indicators: [] },
    facts: { contacted: false, blocked: false, tiMatch: false, labels: [] },
    validIndicatorIds: [],
    queries: [],
    skippedSources: [],
  };
  const lacking = (attempts: number): SeenRecord => ({ ...reported(IP), evidenceMissing: { since: new Date('2024-04-30T12:00:00Z'), attempts } });
  /** A pending IP whose incident lacked its evidence for `attempts` lookups, published again with `evidence` (3 retries allowed). */
  const retried = (attempts: number, evidence: EvidenceReport, action: PublishAction) => {
    const prior = lacking(attempts);
    return settleRun(input({ items: [{ finding: finding(IP), prior, evidence }], outcomes: [outcome(IP, action)], seen: new Map([[IP, prior]]), pendingIps: [IP], evidenceRetryRuns: 3 }));
  };

  it('keeps a new IP published without its evidence pending, and says so in its seen record', () => {
    const plan = settleRun(input({ items: [{ finding: finding(IP), evidence: unavailable }], outcomes: [outcome(IP, 'created')], evidenceRetryRuns: 3 }));
    expect(plan.putSeen).toEqual([expect.objectContaining({ ip: IP, evidenceMissing: { since: NOW, attempts: 1 } })]);
    expect(plan.putPending.map((f) => f.ip)).toEqual([IP]);
    expect(plan.evidenceRetryIps).toEqual([IP]);
    expect(plan.deleteInFlight).toEqual([IP]);
  });

  it('counts another failed lookup of a pending IP and keeps it pending, from the first failure on', () => {
    const plan = retried(2, unavailable, 'unchanged');
    expect(plan.putSeen).toEqual([expect.objectContaining({ evidenceMissing: { since: new Date('2024-04-30T12:00:00Z'), attempts: 3 } })]);
    expect(plan.putPending.map((f) => f.ip)).toEqual([IP]);
    expect(plan.deletePending).toEqual([]);
  });

  it('gives up after EVIDENCE_RETRY_RUNS retries: the IP leaves pending and its seen record stops saying it', () => {
    const plan = retried(3, unavailable, 'unchanged');
    expect(plan.putSeen).toHaveLength(1);
    expect(plan.putSeen[0]).not.toHaveProperty('evidenceMissing');
    expect(plan.putPending).toEqual([]);
    expect(plan.deletePending).toEqual([IP]);
    expect(plan.evidenceGivenUpIps).toEqual([IP]);
  });

  it('lets the IP leave pending once its evidence is found', () => {
    const plan = retried(1, found, 'updated');
    expect(plan.putSeen[0]).not.toHaveProperty('evidenceMissing');
    expect(plan.putPending).toEqual([]);
    expect(plan.deletePending).toEqual([IP]);
    expect(plan.evidenceRetryIps).toEqual([]);
  });

  it('retries the evidence of an incident an interrupted run wrote without it, which this run left as it was', () => {
    const plan = settleRun(
      input({
        items: [{ finding: finding(IP), recovering: true, evidence: found }],
        outcomes: [{ ...outcome(IP, 'unchanged'), evidenceMissing: true }],
        inFlight: new Set([IP]),
        pendingIps: [IP],
        evidenceRetryRuns: 3,
      }),
    );
    expect(plan.putSeen).toEqual([expect.objectContaining({ ip: IP, evidenceMissing: { since: NOW, attempts: 0 } })]);
    expect(plan.putPending.map((f) => f.ip)).toEqual([IP]);
    expect(plan.deleteInFlight).toEqual([IP]);
  });

  it('never retries with EVIDENCE_RETRY_RUNS 0', () => {
    const plan = settleRun(input({ items: [{ finding: finding(IP), evidence: unavailable }], outcomes: [outcome(IP, 'created')], evidenceRetryRuns: 0 }));
    expect(plan.putSeen[0]).not.toHaveProperty('evidenceMissing');
    expect(plan.putPending).toEqual([]);
  });
});
