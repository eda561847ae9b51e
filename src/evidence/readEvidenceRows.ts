import type { ConnectionEvidence, ConnectionOutcome, IndicatorEvidence, IpEvidence } from './evidence.js';

/** The evidence query's answer, read: evidence per address, the tables present, and rows that could not be used. */
export interface EvidenceRows {
  readonly byIp: ReadonlyMap<string, IpEvidence>;
  /** Tables (or functions) the workspace has, by their `present` rows. */
  readonly present: readonly string[];
  /** Rows that could not be read, each said (index and why), never dropped silently. */
  readonly rowErrors: readonly string[];
}

const OUTCOMES = new Set<ConnectionOutcome>(['allowed', 'blocked', 'failed']);

function date(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'string' && value !== '') {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '').sort() : []);
const numbers = (value: unknown): number[] =>
  Array.isArray(value) ? value.map((v) => Number(v)).filter((v) => Number.isFinite(v) && v > 0).sort((a, b) => a - b) : [];

/**
 * Reads the rows of buildEvidenceQuery's answer (as the SDK returns them: datetimes as Dates, dynamic cells parsed).
 * Pure. An unknown Kind or outcome, or a connection row without times, is a row error.
 */
export function readEvidenceRows(rows: readonly Readonly<Record<string, unknown>>[]): EvidenceRows {
  const connections = new Map<string, ConnectionEvidence[]>();
  const indicators = new Map<string, IndicatorEvidence[]>();
  const present = new Set<string>();
  const rowErrors: string[] = [];
  rows.forEach((row, index) => {
    const source = String(row['Source'] ?? '');
    const ip = String(row['IP'] ?? '');
    switch (row['Kind']) {
      case 'present':
        present.add(source);
        return;
      case 'connection': {
        const outcome = row['Outcome'] as ConnectionOutcome;
        const first = date(row['First']);
        const last = date(row['Last']);
        if (!OUTCOMES.has(outcome) || !first || !last || ip === '') {
          rowErrors.push(`evidence row ${index} (${source}): connection without address, times or a known outcome`);
          return;
        }
        const list = connections.get(ip) ?? [];
        list.push({
          source,
          outcome,
          count: Number(row['Count'] ?? 0),
          first,
          last,
          hosts: strings(row['Hosts']),
          ports: numbers(row['Ports']),
          processes: strings(row['Processes']),
        });
        connections.set(ip, list);
        return;
      }
      case 'indicator': {
        const id = String(row['IndicatorId'] ?? '');
        if (id === '' || ip === '') {
          rowErrors.push(`evidence row ${index} (${source}): indicator without id or address`);
          return;
        }
        const confidence = row['Confidence'];
        const list = indicators.get(ip) ?? [];
        list.push({
          source,
          id,
          confidence: typeof confidence === 'number' && Number.isFinite(confidence) ? confidence : null,
          validFrom: date(row['ValidFrom']),
          validUntil: date(row['ValidUntil']),
          active: row['Active'] !== false,
          revoked: row['Revoked'] === true,
          deleted: row['Deleted'] === true,
          description: String(row['Description'] ?? ''),
        });
        indicators.set(ip, list);
        return;
      }
      default:
        rowErrors.push(`evidence row ${index}: unknown kind ${JSON.stringify(row['Kind'])}`);
    }
  });
  const byIp = new Map<string, IpEvidence>();
  for (const ip of new Set([...connections.keys(), ...indicators.keys()])) {
    byIp.set(ip, {
      ip,
      connections: (connections.get(ip) ?? []).sort((a, b) => a.source.localeCompare(b.source) || a.outcome.localeCompare(b.outcome)),
      indicators: (indicators.get(ip) ?? []).sort((a, b) => a.source.localeCompare(b.source) || a.id.localeCompare(b.id)),
    });
  }
  return { byIp, present: [...present].sort(), rowErrors };
}
