import type { PublishItem, PublishOutcome } from '../sentinel/index.js';
import type { EvidenceMissing } from '../state/stateStore.js';

/** Whether a published IP's incident still lacks its evidence, and whether a later run retries the lookup. */
export interface EvidenceRetry {
  /** For the seen record: absent once the incident has its evidence, or when the retries are given up. */
  readonly missing?: EvidenceMissing;
  /** Keep the IP pending, so that the next run looks its evidence up again. */
  readonly retry: boolean;
  /** The lookup failed on the last run allowed (EVIDENCE_RETRY_RUNS): no run retries it any more. */
  readonly gaveUp: boolean;
}

/**
 * What a published (not failed, not deferred) item leaves of its missing evidence. The incident lacks it when this
 * run's lookup failed, or when an interrupted run had written it without its evidence and this run found it and left
 * it as it was (`outcome.evidenceMissing`; attempts 0: the next run adds what it looks up). Failed lookups are counted from the first; after `retryRuns` retries the IP is
 * given up, so a workspace whose evidence source always fails does not keep state growing. Pure.
 */
export function evidenceMissingAfter(item: PublishItem, outcome: PublishOutcome, now: Date, retryRuns: number): EvidenceRetry {
  const before = item.prior?.evidenceMissing;
  const failed = item.evidence?.status === 'unavailable';
  const leftAsItWas = outcome.evidenceMissing === true;
  if (!failed && !leftAsItWas) return { retry: false, gaveUp: false };
  const missing: EvidenceMissing = { since: before?.since ?? now, attempts: (before?.attempts ?? 0) + (failed ? 1 : 0) };
  if (retryRuns === 0 || missing.attempts > retryRuns) return { retry: false, gaveUp: true };
  return { missing, retry: true, gaveUp: false };
}
