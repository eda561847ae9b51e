import ipaddr from 'ipaddr.js';
import type { EvidenceLabel } from '../evidence/evidence.js';
import type { CidrEntry } from '../exclusions/parseCidrEntry.js';

export type PublishedSeverity = 'High' | 'Medium';

/** The settings the severity policy reads (SentinelConfig provides them). */
export interface SeverityPolicy {
  /** INCIDENT_HIGH_SEVERITY_HOSTS, default 3. */
  readonly highSeverityHostCount: number;
  /** INCIDENT_INDICATOR_IPS, default empty. */
  readonly indicatorCidrs: readonly CidrEntry[];
  /** INCIDENT_HIGH_SEVERITY_EVIDENCE, default contacted and ti-match; absent: evidence never raises. */
  readonly highSeverityEvidence?: readonly EvidenceLabel[];
}

/**
 * Severity policy: **High** when the IP was seen on at least `highSeverityHostCount` distinct hosts
 * (INCIDENT_HIGH_SEVERITY_HOSTS, default 3), or lies in one of `indicatorCidrs` (INCIDENT_INDICATOR_IPS, an optional
 * static list of known-bad addresses or ranges), or its evidence carries a label of `highSeverityEvidence`
 * (INCIDENT_HIGH_SEVERITY_EVIDENCE: by default `contacted`, a host reached it, and `ti-match`, a valid indicator names
 * it); **Medium** otherwise. A spread across hosts suggests tooling or a campaign rather than one administrator's
 * command; a connection shows the command did something; an indicator is corroboration from outside this detection.
 * Failed, denied, expired or revoked evidence carries no raising label.
 */
export function severityFor(ip: string, hostCount: number, policy: SeverityPolicy, evidenceLabels: readonly EvidenceLabel[] = []): PublishedSeverity {
  if (hostCount >= policy.highSeverityHostCount) return 'High';
  if (evidenceLabels.some((label) => policy.highSeverityEvidence?.includes(label))) return 'High';
  return isIndicator(ip, policy.indicatorCidrs) ? 'High' : 'Medium';
}

/** True when `ip` falls in any of the CIDRs (an IPv4 address never matches an IPv6 range and vice versa). */
export function isIndicator(ip: string, cidrs: readonly CidrEntry[]): boolean {
  if (cidrs.length === 0 || !ipaddr.isValid(ip)) return false;
  const address = ipaddr.parse(ip);
  return cidrs.some((entry) => {
    const range = ipaddr.parseCIDR(entry.cidr);
    return range[0].kind() === address.kind() && address.match(range);
  });
}
