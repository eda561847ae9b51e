import { LogsQueryResultStatus, type LogsQueryClient } from '@azure/monitor-query-logs';
import type { EvidenceConfig } from '../config/loadConfig.js';
import { describeError } from '../errors.js';
import type { Finding } from '../findings/finding.js';
import { silentLogger, type Logger } from '../logger.js';
import { tableRows } from '../query/querySegments.js';
import { unresolvedLegsOnly } from '../query/unresolvedLegs.js';
import { buildEvidenceQuery, evidenceLegs, type EvidenceQueryInput } from './buildEvidenceQuery.js';
import type { EvidenceReport, IpEvidence } from './evidence.js';
import { evidenceFacts } from './evidenceFacts.js';
import { readEvidenceRows } from './readEvidenceRows.js';

export interface EvidenceLookupOptions {
  readonly client: Pick<LogsQueryClient, 'queryWorkspace'>;
  readonly workspaceId: string;
  readonly findings: readonly Finding[];
  /** End of the hunted window. */
  readonly windowEnd: Date;
  readonly config: EvidenceConfig;
  readonly serverTimeoutSeconds?: number;
  readonly logger?: Logger;
}

export interface EvidenceLookup {
  readonly reports: ReadonlyMap<string, EvidenceReport>;
  /** Queries sent: one per chunk of EVIDENCE_CHUNK_SIZE addresses. */
  readonly roundTrips: number;
  /** Tables (or functions) of the configured sources the workspace does not have. */
  readonly skippedSources: readonly string[];
  /** One line per failed chunk (its addresses are published without evidence) and per unusable row. */
  readonly problems: readonly string[];
}

const SAMPLE = 10;

/**
 * Looks up the evidence of `findings`: one query per chunk of addresses (buildEvidenceQuery), each a single round trip.
 * A table the workspace lacks is skipped (its fuzzy-union leg is dropped; the warning-only partial error that reports
 * it is success). A chunk whose query fails, or comes back with any other partial error, gives its addresses an
 * `unavailable` report: publishing goes on without evidence and a later run adds it. Never throws for a query.
 */
export async function lookupEvidence(options: EvidenceLookupOptions): Promise<EvidenceLookup> {
  const logger = options.logger ?? silentLogger;
  const { config } = options;
  const reports = new Map<string, EvidenceReport>();
  const problems: string[] = [];
  const skipped = new Set<string>();
  const tables = evidenceLegs(config.sources).map((l) => l.table);
  const end = new Date(options.windowEnd.getTime() + config.lagMs);
  const tiStart = new Date(end.getTime() - config.tiLookbackMs);
  const inputFor = (findings: readonly Finding[]): EvidenceQueryInput => ({
    targets: findings.map((f) => ({ ip: f.ip, from: new Date(f.firstSeen.getTime() - config.leadMs) })),
    sources: config.sources,
    end,
    tiStart,
    sampleSize: SAMPLE,
  });
  let roundTrips = 0;
  for (let i = 0; i < options.findings.length; i += config.chunkSize) {
    const chunk = options.findings.slice(i, i + config.chunkSize);
    const input = inputFor(chunk);
    const query = buildEvidenceQuery(input);
    const start = new Date(Math.min(tiStart.getTime(), ...input.targets.map((t) => t.from.getTime())));
    const portalQueries = (finding: Finding) => [buildEvidenceQuery(inputFor([finding]))];
    roundTrips += 1;
    let rows: Readonly<Record<string, unknown>>[];
    try {
      const result = await options.client.queryWorkspace(options.workspaceId, query, { startTime: start, endTime: end }, { serverTimeoutInSeconds: options.serverTimeoutSeconds });
      if (result.status === LogsQueryResultStatus.Success) rows = [...tableRows(result.tables[0])];
      else if (unresolvedLegsOnly(result.partialError)) rows = [...tableRows(result.partialTables[0])];
      else throw new Error(`partial failure: ${result.partialError.code ?? ''} ${result.partialError.message ?? ''}`.trim());
    } catch (error) {
      const message = `evidence query for ${chunk.length} address(es) on workspace ${options.workspaceId} failed: ${describeError(error)}`;
      logger.warn(message);
      problems.push(message);
      for (const finding of chunk) reports.set(finding.ip, { status: 'unavailable', error: describeError(error), queries: portalQueries(finding) });
      continue;
    }
    const read = readEvidenceRows(rows);
    problems.push(...read.rowErrors);
    const missing = tables.filter((t) => !read.present.includes(t));
    for (const t of missing) skipped.add(t);
    for (const finding of chunk) {
      const evidence: IpEvidence = read.byIp.get(finding.ip) ?? { ip: finding.ip, connections: [], indicators: [] };
      const { validIndicatorIds, ...facts } = evidenceFacts(evidence, finding, config);
      reports.set(finding.ip, { status: 'found', evidence, facts, validIndicatorIds, queries: portalQueries(finding), skippedSources: missing });
    }
  }
  logger.info(`Evidence: ${options.findings.length} address(es) in ${roundTrips} query(ies); skipped (not in the workspace): ${[...skipped].join(', ') || 'none'}`);
  return { reports, roundTrips, skippedSources: [...skipped].sort(), problems };
}
