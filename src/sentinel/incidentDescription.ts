import { capitalized, entitiesOf, listedKinds } from '../entities/entityLists.js';
import { hostKind } from '../entities/hostKind.js';
import type { EvidenceReport } from '../evidence/evidence.js';
import { evidenceSection } from '../evidence/evidenceSection.js';
import type { Finding } from '../findings/finding.js';
import { buildInvestigationQuery } from '../query/buildInvestigationQuery.js';
import { escapeMarkdownCell, truncate } from './markdownText.js';
import { SENTINEL_LIMITS } from './sentinelLimits.js';

const MAX_COMMAND_LINE_CHARS = 600;
const MAX_LIST_CHARS = 600;

function list(values: readonly string[]): string {
  return values.length === 0 ? '–' : escapeMarkdownCell(truncate(values.join(', '), MAX_LIST_CHARS));
}

/** Room kept for at least one command line row (and the footer) when deciding whether the query fits. */
const COMMAND_LINE_RESERVE = 400;

/** A fenced code block longer than any run of backticks in `text`, so nothing in it ends the block. */
function codeBlock(text: string, language: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

/**
 * The investigation query as a section, or a pointer to the bookmark when it would leave no room for a command line.
 * Its text comes from escaped literals and the shipped query (see buildInvestigationQuery); in a code block the portal
 * renders it as written.
 */
function querySection(query: string, room: number): string {
  const section = `\n\n**Investigation query** (the events behind this IP; run it in Logs):\n\n${codeBlock(query, 'kql')}`;
  return section.length <= room ? section : '\n\nThe investigation query (the events behind this IP) is in the bookmark; it is too long for this description.';
}

/**
 * The incident's markdown description: a summary table (first and last seen, entities by kind, processes, events), the
 * per-IP investigation query in a code block, and a table of command lines, all escaped; with `evidence`, its Evidence
 * section after the summary (at most half the limit). Kept within Sentinel's description limit
 * (`SENTINEL_LIMITS.descriptionChars`, counted in UTF-16 code units as JavaScript does): the query is shown when it
 * leaves room for a command line (else the bookmark is named), command lines are added while they fit, and the rest
 * are counted.
 */
export function incidentDescription(finding: Finding, maxChars: number = SENTINEL_LIMITS.descriptionChars, evidence?: EvidenceReport): string {
  const hostCount = entitiesOf(finding.entities, hostKind).length;
  const entityRows = listedKinds(finding.entities).map((kind) => {
    const texts = entitiesOf(finding.entities, kind).map((v) => kind.display(v));
    return `| ${capitalized(kind.plural)} (${texts.length}) | ${list(texts)} |`;
  });
  const summary = [
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
  ].join('\n') + truncate(evidenceSection(evidence), Math.floor(maxChars / 2));
  const head = summary + querySection(buildInvestigationQuery(finding), maxChars - summary.length - COMMAND_LINE_RESERVE) + [
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
