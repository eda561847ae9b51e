import type { Finding } from '../findings/finding.js';
import type { PublishItem } from '../sentinel/index.js';
import { hasNews, resightingNews } from '../sentinel/resighting.js';
import type { SeenRecord } from '../state/stateStore.js';
import type { IncidentSummary } from './huntSummary.js';

export interface NoveltyDecision {
  /** What goes to the publisher: new IPs, re-sighted ones with something new, and those whose incident lacks its evidence. */
  readonly items: PublishItem[];
  /** Re-sighted IPs with nothing new (the window overlap sees the same events again): no call is made for them. */
  readonly quiet: IncidentSummary[];
  readonly newIps: string[];
  readonly resightedIps: string[];
}

/**
 * Decide, against what state remembers, which findings are new, which re-sightings carry news, and which are quiet. A
 * re-sighting whose incident lacks its evidence (SeenRecord.evidenceMissing; its IP is kept pending for this) is never
 * quiet: it goes to the publisher so the evidence looked up this run reaches the incident.
 */
export function decideNovelty(findings: readonly Finding[], seen: ReadonlyMap<string, SeenRecord>): NoveltyDecision {
  const decision: NoveltyDecision = { items: [], quiet: [], newIps: [], resightedIps: [] };
  for (const finding of findings) {
    const prior = seen.get(finding.ip);
    if (!prior) {
      decision.newIps.push(finding.ip);
      decision.items.push({ finding });
      continue;
    }
    decision.resightedIps.push(finding.ip);
    const news = resightingNews(finding, prior);
    if (!hasNews(news) && !news.later && !prior.evidenceMissing) {
      decision.quiet.push({
        ip: finding.ip,
        incidentId: prior.incidentId,
        ...(prior.incidentNumber !== undefined ? { incidentNumber: prior.incidentNumber } : {}),
        action: 'unchanged',
        detail: 'nothing new since the last report',
        reason: 'nothing-new',
      });
      continue;
    }
    decision.items.push({ finding, prior });
  }
  return decision;
}
