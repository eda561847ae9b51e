import { kqlString, kqlStringArray } from '../query/kqlLiteral.js';
import { CONNECTION_COLUMNS, EVIDENCE_SOURCES, INDICATOR_COLUMNS, type EvidenceLeg, type EvidenceSourceName } from './evidenceSources.js';

/** One address to look up, and from when its connections count. */
export interface EvidenceTarget {
  readonly ip: string;
  /** Shortly before the finding's first sighting (EVIDENCE_LEAD). */
  readonly from: Date;
}

export interface EvidenceQueryInput {
  readonly targets: readonly EvidenceTarget[];
  readonly sources: readonly EvidenceSourceName[];
  /** End of the evidence window: the hunted window's end plus EVIDENCE_LAG. */
  readonly end: Date;
  /** Indicators are read from this time on (EVIDENCE_TI_LOOKBACK before `end`): they are re-ingested periodically. */
  readonly tiStart: Date;
  /** Kept per connection group: hosts, ports and processes. */
  readonly sampleSize: number;
}

const FIELD = 'evidence addresses';
const datetime = (d: Date) => `datetime(${d.toISOString()})`;

/** The legs the sources read, each table once. */
export function evidenceLegs(sources: readonly EvidenceSourceName[]): EvidenceLeg[] {
  const legs = new Map<string, EvidenceLeg>();
  for (const source of sources) for (const leg of EVIDENCE_SOURCES[source]) legs.set(leg.table, leg);
  return [...legs.values()];
}

/**
 * One query for the evidence of many addresses: allowed, blocked and failed connections to each from shortly before its
 * first sighting to the end of the window, summarised per source and outcome; the latest record of every indicator
 * naming one; and one `present` row per table the workspace has (a table it lacks is a leg `union isfuzzy=true`
 * drops; each union has an empty `datatable` leg so it never has none). Addresses appear only as escaped literals.
 * Every time bound is in the query text, so the same text runs as it is in the portal.
 */
export function buildEvidenceQuery(input: EvidenceQueryInput): string {
  const legs = evidenceLegs(input.sources);
  const connections = legs.filter((l) => l.kind === 'connection');
  const indicators = legs.filter((l) => l.kind === 'indicator');
  const ips = input.targets.map((t) => t.ip);
  const findingRows = input.targets.map((t) => `${kqlString(t.ip, FIELD)}, ${datetime(t.from)}`).join(', ');
  const start = new Date(Math.min(...input.targets.map((t) => t.from.getTime())));
  const union = (columns: string, parts: readonly string[]) =>
    `union isfuzzy=true (datatable(${columns})[])${parts.map((p) => `,\n    (${p})`).join('')}`;
  const n = input.sampleSize;
  // ASIM parsers match dstipaddr_has_any_prefix with has_any_ipv4_prefix (ASIM network session schema, "Filtering
  // parser parameters"; e.g. the Microsoft 365 Defender and Azure Firewall parsers), so an IPv6 address there matches
  // nothing and a non-empty list filters every IPv6 session out: the filter holds the addresses only when all are IPv4.
  const ipv4Prefixes = ips.some((ip) => ip.includes(':')) ? [] : ips;
  return [
    `let Ips = ${kqlStringArray(ips, FIELD)};`,
    ...(input.sources.includes('asim') ? [`let Ipv4Prefixes = ${kqlStringArray(ipv4Prefixes, FIELD)};`] : []),
    `let Findings = datatable(IP:string, From:datetime)[${findingRows}];`,
    `let Start = ${datetime(start)};`,
    `let End = ${datetime(input.end)};`,
    `let TiStart = ${datetime(input.tiStart)};`,
    `let Connections = ${union(CONNECTION_COLUMNS, connections.map((l) => l.kql))};`,
    `let Indicators = ${union(INDICATOR_COLUMNS, indicators.map((l) => l.kql))};`,
    `let Present = ${union('Count:long, Source:string', legs.map((l) => `${l.probe} | extend Source = ${kqlString(l.table, 'table')}`))};`,
    'union',
    `  (Connections | where TimeGenerated < End | join kind=inner Findings on IP | where TimeGenerated >= From`,
    `    | summarize Count = count(), First = min(TimeGenerated), Last = max(TimeGenerated), Hosts = make_set(Host, ${n}), Ports = make_set(Port, ${n}), Processes = make_set(Process, ${n}) by Source, IP, Outcome`,
    `    | extend Kind = "connection"),`,
    `  (Indicators | where TimeGenerated < End | extend Kind = "indicator"),`,
    `  (Present | project Source, Kind = "present")`,
  ].join('\n');
}
