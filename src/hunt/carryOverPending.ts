import type { CompiledExclusions } from '../exclusions/compileExclusions.js';
import type { Finding } from '../findings/finding.js';
import { mergeFindings } from './mergeFindings.js';

export interface CarryOver {
  /** This run's findings, each merged with its pending one, then the pending findings this run did not see. */
  readonly findings: Finding[];
  /** Pending IPs retried in this run. */
  readonly carriedOverIps: string[];
  /** Pending IPs an exclusion now removes: dropped, not retried. */
  readonly excludedPendingIps: string[];
}

/** Join findings carried over from earlier runs (failed or over the per-run cap) to this run's, unless now excluded. */
export function carryOverPending(
  detected: readonly Finding[],
  pending: readonly Finding[],
  exclusions: Pick<CompiledExclusions, 'match'>,
  maxCommandLines: number,
): CarryOver {
  const byIp = new Map(detected.map((f) => [f.ip, f]));
  const carriedOverIps: string[] = [];
  const excludedPendingIps: string[] = [];
  for (const p of pending) {
    if (exclusions.match({ ip: p.ip })) {
      excludedPendingIps.push(p.ip);
      continue;
    }
    carriedOverIps.push(p.ip);
    const current = byIp.get(p.ip);
    byIp.set(p.ip, current ? mergeFindings(p, current, maxCommandLines) : p);
  }
  return { findings: [...byIp.values()], carriedOverIps, excludedPendingIps };
}
