import { escapeMarkdownCell, truncate } from '../sentinel/markdownText.js';
import type { EvidenceReport } from './evidence.js';

const iso = (d: Date | null) => (d ? d.toISOString() : '–');
const cell = (text: string) => escapeMarkdownCell(truncate(text, 300));

/**
 * The "Evidence" section of an incident description or comment, in markdown: connections (source table, outcome,
 * count, first and last, hosts, ports, processes) and indicators (source, confidence, validity, whether it counts,
 * name and description); or why there is none. Deterministic for the same report (a comment's id derives from it).
 */
export function evidenceSection(report: EvidenceReport | undefined): string {
  if (!report) return '';
  if (report.status === 'unavailable') {
    return `\n\n**Evidence:** not available (the evidence query failed: ${cell(report.error)}); a later run adds it.`;
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
