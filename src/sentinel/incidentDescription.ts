import { capitalized, entitiesOf, listedKinds } from '../entities/entityLists.js';
import { hostKind } from '../entities/hostKind.js';
import type { EvidenceReport } from '../evidence/evidence.js';
import { evidenceSection } from '../evidence/evidenceSection.js';
import type { Finding } from '../findings/finding.js';
import { escapeMarkdownCell, truncate } from './markdownText.js';
import { SENTINEL_LIMITS } from './sentinelLimits.js';

const MAX_COMMAND_LINE_CHARS = 600;
const MAX_LIST_CHARS = 600;

function list(values: readonly string[]): string {
  return values.length === 0 ? '–' : escapeMarkdownCell(truncate(values.join(', '), MAX_LIST_CHARS));
}

/**
 * The incident's markdown description: a summary table (first and last seen, entities by kind, processes, events) and a table of
 * command lines, all escaped; with `evidence`, its Evidence section between them (at most half the limit). Kept within Sentinel's description limit (`SENTINEL_LIMITS.descriptionChars`, counted
 * in UTF-16 code units as JavaScript does): command lines are added while they fit, and the rest are counted.
 */
export function incidentDescription(finding: Finding, maxChars: number = SENTINEL_LIMITS.descriptionChars, evidence?: EvidenceReport): string {
  const hostCount = entitiesOf(finding.entities, hostKind).length;
  const entityRows = listedKinds(finding.entities).map((kind) => {
    const texts = entitiesOf(finding.entities, kind).map((v) => kind.display(v));
    return `| ${capitalized(kind.plural)} (${texts.length}) | ${list(texts)} |`;
  });
  const head = [
    `Hard-coded external IP **${escapeMarkdownCell(finding.ip)}** appeared in process command lines on ` +
      `${hostCount} host${hostCount === 1 ? '' : 's'}.`,
    '',
    '| Field | Value |',
    '|---|---|',
    `| First seen (UTC) | ${finding.firstSeen.toISOString()} |`,
    `| Last seen (UTC) | ${finding.lastSeen.toISOString()} |`,
    ...entityRows,
    `| Processes | ${list(finding.processes)} |`,
    `| Events | ${finding.eventCount} |`,
  ].join('\n') + truncate(evidenceSection(evidence), Math.floor(maxChars / 2)) + [
    '',
    '',
    '| # | Command line |',
    '|---|---|',
  ].join('\n');
  const total = finding.commandLines.length + finding.commandLinesOmitted;
  const footer = (shown: number) =>
    shown < total ? `\n\n${total - shown} more command line${total - shown === 1 ? '' : 's'} not shown; the bookmark has the query.` : '';
  let text = head;
  let shown = 0;
  for (const line of finding.commandLines) {
    const row = `\n| ${shown + 1} | ${escapeMarkdownCell(truncate(line, MAX_COMMAND_LINE_CHARS))} |`;
    // Reserve room for the footer that would follow if this were the last row to fit.
    if (text.length + row.length + footer(shown + 1).length > maxChars) break;
    text += row;
    shown += 1;
  }
  return truncate(text + footer(shown), maxChars);
}
