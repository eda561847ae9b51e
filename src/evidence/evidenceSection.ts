import { escapeMarkdownCell, truncate } from '../sentinel/markdownText.js';
import type { EvidenceReport } from './evidence.js';

const iso = (d: Date | null) => (d ? d.toISOString() : '–');
const cell = (text: string) => escapeMarkdownCell(truncate(text, 300));

// How the section reads when the lookup failed; descriptionWithEvidence finds it by these to replace it later.
const UNAVAILABLE_START = '\n\n**Evidence:** not available (';
const UNAVAILABLE_END = '); a later run adds it.';

/**
 * The "Evidence" section of an incident description or comment, in markdown: connections (source table, outcome,
 * count, first and last, hosts, ports, processes) and indicators (source, confidence, validity, whether it counts,
 * name and description); or why there is none. Deterministic for the same report (a comment's id derives from it).
 */
export function evidenceSection(report: EvidenceReport | undefined): string {
  if (!report) return '';
  if (report.status === 'unavailable') {
    return `${UNAVAILABLE_START}the evidence query failed: ${cell(report.error)}${UNAVAILABLE_END}`;
  }
  const { evidence, facts } = report;
  const lines = [`\n\n**Evidence** (labels: ${facts.labels.length > 0 ? facts.labels.join(', ') : 'none'})`];
  if (evidence.connections.length === 0) lines.push('', 'No connection to the address was recorded.');
  else {
    lines.push('', '| Source | Outcome | Count | First (UTC) | Last (UTC) | Hosts | Ports | Processes |', '|---|---|---|---|---|---|---|---|');
    for (const c of evidence.connections) {
      lines.push(
        `| ${cell(c.source)} | ${c.outcome} | ${c.count} | ${iso(c.first)} | ${iso(c.last)} | ${cell(c.hosts.join(', ') || '–')} | ${cell(c.ports.join(', ') || '–')} | ${cell(c.processes.join(', ') || '–')} |`,
      );
    }
  }
  if (evidence.indicators.length === 0) lines.push('', 'No threat-intelligence indicator names the address.');
  else {
    const counted = new Set(report.validIndicatorIds);
    lines.push('', '| Indicator source | Confidence | Valid from | Valid until | Counts | Name / description |', '|---|---|---|---|---|---|');
    for (const i of evidence.indicators) {
      const why = counted.has(i.id) ? 'yes' : i.revoked ? 'no (revoked)' : i.deleted ? 'no (deleted)' : 'no (not valid at the sighting)';
      lines.push(`| ${cell(i.source)} | ${i.confidence ?? '–'} | ${iso(i.validFrom)} | ${iso(i.validUntil)} | ${why} | ${cell(i.description || i.id)} |`);
    }
  }
  if (report.skippedSources.length > 0) lines.push('', `Not in this workspace: ${report.skippedSources.join(', ')}.`);
  return lines.join('\n');
}

/**
 * An incident description whose Evidence section said "not available", with that section replaced by the evidence
 * `report` found, within `maxChars` (the section gets at most half, as when the incident is written); undefined when
 * there is nothing to replace: the report is not `found`, or the description has no such section (its evidence is
 * there already, or an analyst rewrote it). The error quoted in the section is a markdown cell: it holds no line break.
 */
export function descriptionWithEvidence(description: string | undefined, report: EvidenceReport | undefined, maxChars: number): string | undefined {
  if (report?.status !== 'found') return undefined;
  const found = unavailableSection(description);
  if (!description || !found) return undefined;
  const { start, end } = found;
  const rest = description.length - (end + UNAVAILABLE_END.length - start);
  const section = truncate(evidenceSection(report), Math.min(Math.floor(maxChars / 2), maxChars - rest));
  return description.slice(0, start) + section + description.slice(end + UNAVAILABLE_END.length);
}

/** True when an incident description's Evidence section says the evidence was not available. */
export function saysEvidenceUnavailable(description: string | undefined): boolean {
  return unavailableSection(description) !== undefined;
}

/** Where the "not available" section is: from its start to where its end marker starts. */
function unavailableSection(description: string | undefined): { start: number; end: number } | undefined {
  const start = description?.indexOf(UNAVAILABLE_START) ?? -1;
  if (!description || start < 0) return undefined;
  const end = description.indexOf(UNAVAILABLE_END, start);
  if (end < 0 || description.slice(start + UNAVAILABLE_START.length, end).includes('\n')) return undefined;
  return { start, end };
}
