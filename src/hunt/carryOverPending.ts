import type { CompiledExclusions } from '../exclusions/compileExclusions.js';
import type { Finding } from '../findings/finding.js';
import type { PendingFinding } from '../state/stateStore.js';
import { mergeFindings } from './mergeFindings.js';

export interface CarryOver {
  /** This run's findings, each merged with its pending one, then the pending findings this run did not see. */
  readonly findings: Finding[];
  /** Pending IPs retried in this run. */
  readonly carriedOverIps: string[];
  /** Pending IPs an exclusion now removes: dropped, not retried. */
  readonly excludedPendingIps: string[];
  /** Pending IPs only this run's own exclusions match: left out of this run, kept in state for the next. */
  readonly hiddenPendingIps: string[];
}

/**
 * Join findings carried over from earlier runs (failed or over the per-run cap) to this run's, unless now excluded.
 * `exclusions` are the standing ones (settings, watchlist): a pending IP they match is dropped for good. `runOnly` are
 * those a caller sent for one run: they hide a pending IP from that run, never remove it from state — the checkpoint
 * has already moved past the events it came from, so dropping it would lose it.
 */
export function carryOverPending(
  detected: readonly Finding[],
  pending: readonly PendingFinding[],
  exclusions: Pick<CompiledExclusions, 'match'>,
  maxCommandLines: number,
  runOnly?: Pick<CompiledExclusions, 'match'>,
): CarryOver {
  const byIp = new Map(detected.map((f) => [f.ip, f]));
  const carriedOverIps: string[] = [];
  const excludedPendingIps: string[] = [];
  const hiddenPendingIps: string[] = [];
  for (const p of pending) {
    if (exclusions.match({ ip: p.ip })) {
      excludedPendingIps.push(p.ip);
      continue;
    }
    if (runOnly?.match({ ip: p.ip })) {
      hiddenPendingIps.push(p.ip);
      continue;
    }
    carriedOverIps.push(p.ip);
    const current = byIp.get(p.ip);
    // The pending finding's last part merge stays valid: a rerun of that part takes back only what the part added.
    byIp.set(p.ip, current ? { ...mergeFindings(p, current, maxCommandLines), ...(p.lastMerge ? { lastMerge: p.lastMerge } : {}) } : p);
  }
  return { findings: Array.from(byIp.values()), carriedOverIps, excludedPendingIps, hiddenPendingIps };
}
