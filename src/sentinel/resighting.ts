import type { Incident } from '@azure/arm-securityinsight';
import type { Finding } from '../findings/finding.js';
import { escapeMarkdownCell, truncate } from './markdownText.js';
import type { PriorReport } from './publishTypes.js';
import { severityFor, type SeverityPolicy } from './severityFor.js';
import { SENTINEL_LIMITS } from './sentinelLimits.js';

/** What a re-sighting adds to what was already reported. */
export interface ResightingNews {
  readonly hosts: readonly string[];
  readonly accounts: readonly string[];
  readonly commandLines: readonly string[];
}

/** Host and account names compare case-insensitively (Windows names); command lines compare exactly. */
export function resightingNews(finding: Finding, prior: PriorReport): ResightingNews {
  const knownHosts = new Set(prior.hosts.map((h) => h.toLowerCase()));
  const knownAccounts = new Set(prior.accounts.map((a) => a.toLowerCase()));
  const knownLines = new Set(prior.commandLines);
  return {
    hosts: finding.hosts.filter((h) => !knownHosts.has(h.toLowerCase())),
    accounts: finding.accounts.filter((a) => !knownAccounts.has(a.toLowerCase())),
    commandLines: finding.commandLines.filter((c) => !knownLines.has(c)),
  };
}

export function hasNews(news: ResightingNews): boolean {
  return news.hosts.length + news.accounts.length + news.commandLines.length > 0;
}

/** New hosts or accounts: what a sighting bookmark brings to the incident as entities (command lines are not entities). */
export function hasNewEntities(news: ResightingNews): boolean {
  return news.hosts.length + news.accounts.length > 0;
}

/**
 * The comment for a re-sighting: only what is new since the last report. Its text is deterministic for the same
 * finding and prior, so its content-derived id makes a rerun overwrite rather than repeat it.
 * Kept within `SENTINEL_LIMITS.commentChars`.
 */
export function resightingComment(finding: Finding, news: ResightingNews, heading: string): string {
  const lines = [`${heading} ${finding.ip} was seen again, last at ${finding.lastSeen.toISOString()} UTC.`];
  if (news.hosts.length > 0) lines.push(`New hosts (${news.hosts.length}): ${escapeMarkdownCell(news.hosts.join(', '))}`);
  if (news.accounts.length > 0) lines.push(`New accounts (${news.accounts.length}): ${escapeMarkdownCell(news.accounts.join(', '))}`);
  if (news.commandLines.length > 0) {
    lines.push(`New command lines (${news.commandLines.length}):`);
    news.commandLines.forEach((c, i) => lines.push(`${i + 1}. ${escapeMarkdownCell(truncate(c, 2_000))}`));
  }
  if (!hasNews(news)) lines.push('Nothing new: same hosts, accounts and command lines as already reported.');
  return truncate(lines.join('\n'), SENTINEL_LIMITS.commentChars);
}

/**
 * The incident after a re-sighting, or undefined when nothing would change. Last activity only moves forward;
 * severity is only ever raised (an analyst's lowering of it is kept unless the policy now says High);
 * `reopen` sets status Active. Readonly fields are dropped by the SDK's serializer.
 */
export function resightedIncident(
  current: Incident,
  finding: Finding,
  prior: PriorReport,
  policy: SeverityPolicy,
  options: { reopen: boolean },
): Incident | undefined {
  const lastActivity = current.lastActivityTimeUtc;
  const movesActivity = !lastActivity || finding.lastSeen.getTime() > lastActivity.getTime();
  const allHosts = new Set([...prior.hosts, ...finding.hosts].map((h) => h.toLowerCase()));
  const raise = current.severity !== 'High' && severityFor(finding.ip, allHosts.size, policy) === 'High';
  if (!movesActivity && !raise && !options.reopen) return undefined;
  return {
    ...current,
    etag: current.etag,
    lastActivityTimeUtc: movesActivity ? finding.lastSeen : lastActivity,
    severity: raise ? 'High' : current.severity,
    status: options.reopen ? 'Active' : current.status,
    ...(options.reopen ? { classification: undefined, classificationReason: undefined, classificationComment: undefined } : {}),
  };
}
