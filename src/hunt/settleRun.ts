import type { Finding } from '../findings/finding.js';
import type { PublishItem, PublishOutcome } from '../sentinel/index.js';
import type { SeenRecord } from '../state/stateStore.js';
import { evidenceMissingAfter } from './evidenceMissingAfter.js';
import { nextSeenRecord } from './nextSeenRecord.js';

/** What a run knows once its publisher has answered. */
export interface SettleInput {
  /** Dry runs change no state. */
  readonly dryRun: boolean;
  /** What went to the publisher, and its outcomes, one per item in the same order. */
  readonly items: readonly PublishItem[];
  readonly outcomes: readonly PublishOutcome[];
  /** What state remembered of the published IPs before the run. */
  readonly seen: ReadonlyMap<string, SeenRecord>;
  /** IPs state held as pending when the run started. */
  readonly pendingIps: readonly string[];
  /** Pending IPs an exclusion now removes: they are not retried. */
  readonly excludedPendingIps: readonly string[];
  /** Pending IPs with nothing new since they were reported (state already holds all of it): no call, nothing to retry. */
  readonly quietIps: readonly string[];
  /** New IPs an earlier, interrupted run left in flight. */
  readonly inFlight: ReadonlySet<string>;
  readonly now: Date;
  /** EVIDENCE_RETRY_RUNS: runs that retry the lookup of evidence an incident lacks (0 when absent). */
  readonly evidenceRetryRuns?: number;
}

/** The state writes that end a run, in the order they are made (the checkpoint moved part by part as the window was read). */
export interface SettlePlan {
  readonly putSeen: readonly SeenRecord[];
  readonly putPending: readonly Finding[];
  readonly deletePending: readonly string[];
  readonly deleteInFlight: readonly string[];
  /** Published IPs whose incident lacks its evidence, kept pending so the next run looks it up again. */
  readonly evidenceRetryIps: readonly string[];
  /** Published IPs whose evidence lookup failed on the last run allowed: not retried any more. */
  readonly evidenceGivenUpIps: readonly string[];
}

/**
 * Decide what a run records once its publisher has answered. Crash-recovery rules:
 * - a published IP is remembered as seen, and leaves pending and in-flight;
 * - a failed or deferred IP is carried over as pending;
 * - a failed new IP stays in flight (part of it may have been written), and so does a deferred one an earlier run left in
 *   flight: the run that publishes it reads its incident before writing it; any other deferred new IP leaves in flight;
 * - a pending IP that is now excluded, or that has nothing new since it was reported, leaves pending;
 * - a published IP whose incident lacks its evidence (see evidenceMissingAfter) is seen with that said, and stays pending
 *   (its finding written again) for the next run to retry the lookup, until the retries are given up.
 * A dry run writes nothing.
 */
export function settleRun(input: SettleInput): SettlePlan {
  if (input.dryRun) return { putSeen: [], putPending: [], deletePending: [], deleteInFlight: [], evidenceRetryIps: [], evidenceGivenUpIps: [] };

  const putSeen: SeenRecord[] = [];
  const putPending: Finding[] = [];
  const published = new Set<string>();
  const failed = new Set<string>();
  const evidenceRetryIps: string[] = [];
  const evidenceGivenUpIps: string[] = [];
  input.outcomes.forEach((outcome, i) => {
    const item = input.items[i]!;
    const { finding } = item;
    if (outcome.action === 'failed' || outcome.action === 'deferred') {
      putPending.push(finding);
      if (outcome.action === 'failed') failed.add(finding.ip);
      return;
    }
    const evidence = evidenceMissingAfter(item, outcome, input.now, input.evidenceRetryRuns ?? 0);
    const seen = nextSeenRecord(finding, outcome, input.seen.get(finding.ip), input.now);
    putSeen.push(evidence.missing ? { ...seen, evidenceMissing: evidence.missing } : seen);
    published.add(finding.ip);
    if (evidence.gaveUp) evidenceGivenUpIps.push(finding.ip);
    if (evidence.retry) {
      putPending.push(finding);
      evidenceRetryIps.push(finding.ip);
    }
  });

  const wasPending = new Set(input.pendingIps);
  const retrying = new Set(evidenceRetryIps);
  const deletePending = [...published, ...input.excludedPendingIps, ...input.quietIps].filter((ip) => wasPending.has(ip) && !retrying.has(ip));
  const deleteInFlight = input.items
    .filter((item) => !item.prior)
    .map((item) => item.finding.ip)
    .filter((ip) => published.has(ip) || (!failed.has(ip) && !input.inFlight.has(ip)));
  return { putSeen, putPending, deletePending, deleteInFlight, evidenceRetryIps, evidenceGivenUpIps };
}
