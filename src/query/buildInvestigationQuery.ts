import { HunterError } from '../errors.js';
import type { Finding, RawForm } from '../findings/finding.js';
import { findingRawForms } from '../findings/RawFormSet.js';
import { isHuntSource, type HuntSource } from './huntSources.js';
import { kqlString, kqlStringArray } from './kqlLiteral.js';
import { loadQueryText } from './loadQueryText.js';
import { sourceLegs } from './sourceLegs.js';

/** The columns the investigation query returns, one row per event. */
export const INVESTIGATION_COLUMNS = Object.freeze(['TimeGenerated', 'HuntSource', 'Computer', 'Account', 'Process', 'CommandLine']);

// Where an address written as text starts and ends: not inside a longer number, dotted run or word, as the extractor
// reads it (src/detect/isAddressContext.ts). A `%XX` escape may stand right before an IPv4 form (`%2045.9.148.3`).
const IPV4_BEFORE = '(?:^|[^0-9.]|%[0-9A-Fa-f]{2})';
const IPV4_AFTER = '(?:$|[^0-9A-Za-z_.]|\\.(?:$|[^0-9A-Za-z_]))';
const IPV6_BEFORE = '(?:^|[^0-9A-Za-z_.:])';
const IPV6_AFTER = '(?:$|[^0-9A-Za-z_.:])';

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/** Address text in any case (`0X2D`, `%2e`, `2A05:D014::1`) without a case flag, so base64 in the same pattern keeps its case. */
function anyCase(text: string): string {
  return escapeRegex(text).replace(/[A-Za-z]/g, (c) => `[${c.toUpperCase()}${c.toLowerCase()}]`);
}

/**
 * The RE2 pattern (KQL `matches regex`) that finds the raw forms in a command line: address text as a whole token in any
 * case, base64 text as written anywhere (it is the middle of a payload).
 */
export function rawFormsPattern(forms: readonly RawForm[]): string {
  const ipv4 = forms.filter((f) => !f.encoded && !f.text.includes(':')).map((f) => anyCase(f.text));
  const ipv6 = forms.filter((f) => !f.encoded && f.text.includes(':')).map((f) => anyCase(f.text));
  const encoded = forms.filter((f) => f.encoded).map((f) => escapeRegex(f.text));
  return [
    ...(ipv4.length > 0 ? [`${IPV4_BEFORE}(?:${ipv4.join('|')})${IPV4_AFTER}`] : []),
    ...(ipv6.length > 0 ? [`${IPV6_BEFORE}(?:${ipv6.join('|')})${IPV6_AFTER}`] : []),
    ...encoded,
  ].join('|');
}

const FIELD = 'investigation query';
const datetime = (d: Date) => `datetime(${d.toISOString()})`;

// Comment lines of the template explain the hunt; the investigation query travels in a 5,000-character description.
const COMMENT_LINE = /^ *\/\/[^\n]*\n/gm;

/**
 * The per-IP investigation query of a finding, to run as it is in the portal's Logs: the process creations behind the
 * finding — the legs of queries/hunt.kql for the sources the address was seen in (SecurityEvent for findings without
 * sources: the seed query reads only that), the processes it was seen in, from its first to its last sighting — whose
 * command lines hold one of its raw forms (plain, obfuscated, percent-encoded, IPv6, or the base64 of an encoded
 * command). One row per event, oldest first. Everything from the finding reaches the query as an escaped literal.
 * With no raw form to match (a finding of earlier versions whose lines were not kept), the query matches the address
 * text itself.
 */
export function buildInvestigationQuery(finding: Finding, template = loadQueryText('hunt.kql')): string {
  const { legs, emptyLeg } = sourceLegs(template);
  if (emptyLeg === undefined) throw new HunterError('Build investigation query: queries/hunt.kql lacks its empty datatable leg');
  const wanted: readonly HuntSource[] = (finding.sources ?? ['securityevent']).filter(isHuntSource);
  const chosen = legs.filter((l) => wanted.includes(l.source));
  const rawForms = findingRawForms(finding);
  const forms = rawForms.forms.length > 0 ? rawForms.forms : [{ text: finding.ip, encoded: false }];
  // Process names come from the workspace; one a literal cannot hold drops the filter rather than the events.
  const processes = finding.processes.every((p) => !/[\u0000-\u001f\u007f\u2028\u2029]/u.test(p)) ? finding.processes : [];
  const shown = forms.map((f) => (f.encoded ? `base64 ${f.text.slice(0, 12)}…` : f.text)).join(', ');
  return [
    `// cmdline-ip-hunter: the process creations behind hard-coded external IP ${finding.ip}, written as ${shown.replace(/[\r\n]/g, ' ')}` +
      (rawForms.omitted > 0 ? ` (${rawForms.omitted} further form(s) not matched)` : ''),
    `let Start = ${datetime(finding.firstSeen)};`,
    // Times in a finding are whole milliseconds; the service keeps 100 ns ticks, so the last event is before End.
    `let End = ${datetime(new Date(finding.lastSeen.getTime() + 1))};`,
    'union isfuzzy=true',
    ...chosen.map((l) => l.text.replace(COMMENT_LINE, '').replace(/\n$/, '')),
    emptyLeg.replace(/\n$/, ''),
    '| where TimeGenerated >= Start and TimeGenerated < End',
    ...(processes.length > 0 ? [`| where Process in~ (${kqlStringArray(processes, FIELD)})`] : []),
    `| where CommandLine matches regex ${kqlString(rawFormsPattern(forms), FIELD)}`,
    `| project ${INVESTIGATION_COLUMNS.join(', ')}`,
    '| sort by TimeGenerated asc',
  ].join('\n');
}
