import type { TableClient, TableEntityResult, TransactionAction } from '@azure/data-tables';
import { createLimiter } from '../createLimiter.js';
import { serviceFailure, statusCodeOf } from '../errors.js';
import { STATE_NEEDS } from '../requiredPermissions.js';
import { acquireTableLease } from './acquireTableLease.js';
import { chunkJson, MAX_JSON_CHARS, unchunkJson } from './jsonChunks.js';
import { findingFromJson, findingToJson, seenFromJson, seenToJson } from './stateRecordCodec.js';
import { transactionBatches } from './transactionBatches.js';
import type { HuntProgress, PendingFinding, RunLease, SeenRecord, SkippedSegment, StateStore } from './stateStore.js';

/** Partitions of the one state table. */
const SEEN = 'seen';
const PENDING = 'pending';
const META = 'meta';
const IN_FLIGHT = 'inflight';
const SKIPPED = 'skipped';

/** The run lock's entity (acquireTableLease). */
export const RUN_LOCK_KEY = { partitionKey: META, rowKey: 'lock' } as const;

const READ_CONCURRENCY = 16;

type Entity = Record<string, unknown> & { partitionKey: string; rowKey: string };

/** Run `fn` over items with at most `limit` in flight. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const run = createLimiter(limit);
  return Promise.all(items.map((item) => run(() => fn(item))));
}

/** StateStore over one Azure Table (Azurite locally). */
export class TableStateStore implements StateStore {
  private ready: Promise<void> | undefined;

  constructor(private readonly client: TableClient) {}

  private target(pk: string, rk?: string): string {
    return `${this.client.tableName}/${pk}${rk === undefined ? '' : `/${rk}`}`;
  }

  private async call<T>(operation: string, target: string, fn: () => Promise<T>): Promise<T> {
    await this.ensureTable();
    try {
      return await fn();
    } catch (error) {
      throw serviceFailure(`Table storage: ${operation}`, target, error, STATE_NEEDS);
    }
  }

  private ensureTable(): Promise<void> {
    this.ready ??= this.client.createTable().catch((error: unknown) => {
      this.ready = undefined;
      throw serviceFailure('Table storage: create table', this.client.tableName, error, STATE_NEEDS);
    });
    return this.ready;
  }

  private async getOrUndefined(pk: string, rk: string): Promise<TableEntityResult<Record<string, unknown>> | undefined> {
    return this.call('read', this.target(pk, rk), async () => {
      try {
        return await this.client.getEntity<Record<string, unknown>>(pk, rk);
      } catch (error) {
        if (statusCodeOf(error) === 404) return undefined;
        throw error;
      }
    });
  }

  /** Upsert entities of one partition in entity group transactions, each within the service's count and size limits. */
  private async upsertAll(pk: string, entities: readonly Entity[]): Promise<void> {
    for (const batch of transactionBatches(entities)) {
      const actions: TransactionAction[] = batch.map((e) => ['upsert', e, 'Replace']);
      await this.call('write batch', this.target(pk), () => this.client.submitTransaction(actions));
    }
  }

  async getCheckpoint(): Promise<Date | undefined> {
    const entity = await this.getOrUndefined(META, 'checkpoint');
    return entity?.['end'] instanceof Date ? entity['end'] : entity ? new Date(String(entity['end'])) : undefined;
  }

  async setCheckpoint(end: Date): Promise<void> {
    await this.call('write', this.target(META, 'checkpoint'), () =>
      this.client.upsertEntity({ partitionKey: META, rowKey: 'checkpoint', end }, 'Replace'),
    );
  }

  async getSeen(ips: readonly string[]): Promise<Map<string, SeenRecord>> {
    const found = await mapLimited([...new Set(ips)], READ_CONCURRENCY, async (ip) => {
      const e = await this.getOrUndefined(SEEN, ip);
      if (!e) return undefined;
      const record: SeenRecord = {
        ip,
        incidentId: String(e['incidentId']),
        ...(typeof e['incidentNumber'] === 'number' ? { incidentNumber: e['incidentNumber'] } : {}),
        generation: Number(e['generation'] ?? 0),
        ...seenFromJson(unchunkJson(e)),
        firstReported: new Date(e['firstReported'] as Date),
        lastReported: new Date(e['lastReported'] as Date),
        lastSeen: new Date(e['lastSeen'] as Date),
        ...(e['evidenceMissingSince'] !== undefined
          ? { evidenceMissing: { since: new Date(e['evidenceMissingSince'] as Date), attempts: Number(e['evidenceAttempts'] ?? 0) } }
          : {}),
      };
      return record;
    });
    return new Map(found.filter((r): r is SeenRecord => r !== undefined).map((r) => [r.ip, r]));
  }

  async putSeen(records: readonly SeenRecord[]): Promise<void> {
    await this.upsertAll(
      SEEN,
      records.map((r) => ({
        partitionKey: SEEN,
        rowKey: r.ip,
        incidentId: r.incidentId,
        ...(r.incidentNumber !== undefined ? { incidentNumber: r.incidentNumber } : {}),
        generation: r.generation,
        firstReported: r.firstReported,
        lastReported: r.lastReported,
        lastSeen: r.lastSeen,
        // Written in Replace mode: a record without them clears them.
        ...(r.evidenceMissing ? { evidenceMissingSince: r.evidenceMissing.since, evidenceAttempts: r.evidenceMissing.attempts } : {}),
        ...chunkJson(seenToJson(r)),
      })),
    );
  }

  async getPending(): Promise<PendingFinding[]> {
    return this.call('list', this.target(PENDING), async () => {
      const out: PendingFinding[] = [];
      const iter = this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter: `PartitionKey eq '${PENDING}'` } });
      for await (const e of iter) out.push(findingFromJson(unchunkJson(e)));
      return out;
    });
  }

  async putPending(findings: readonly PendingFinding[]): Promise<void> {
    await this.upsertAll(
      PENDING,
      findings.map((f) => ({ partitionKey: PENDING, rowKey: f.ip, ...chunkJson(findingToJson(f)) })),
    );
  }

  async deletePending(ips: readonly string[]): Promise<void> {
    await this.deleteAll(PENDING, ips);
  }

  async getInFlight(): Promise<Set<string>> {
    return this.call('list', this.target(IN_FLIGHT), async () => {
      const out = new Set<string>();
      const iter = this.client.listEntities({ queryOptions: { filter: `PartitionKey eq '${IN_FLIGHT}'`, select: ['RowKey'] } });
      for await (const e of iter) out.add(String(e.rowKey));
      return out;
    });
  }

  async putInFlight(ips: readonly string[]): Promise<void> {
    await this.upsertAll(IN_FLIGHT, [...new Set(ips)].map((ip) => ({ partitionKey: IN_FLIGHT, rowKey: ip })));
  }

  async deleteInFlight(ips: readonly string[]): Promise<void> {
    await this.deleteAll(IN_FLIGHT, ips);
  }

  private async deleteAll(pk: string, rowKeys: readonly string[]): Promise<void> {
    await mapLimited([...new Set(rowKeys)], READ_CONCURRENCY, (rk) =>
      this.call('delete', this.target(pk, rk), async () => {
        try {
          await this.client.deleteEntity(pk, rk);
        } catch (error) {
          if (statusCodeOf(error) !== 404) throw error;
        }
      }),
    );
  }

  async getProgress(): Promise<HuntProgress> {
    const e = await this.getOrUndefined(META, 'progress');
    if (!e) return {};
    const value = unchunkJson(e) as { firstWindowStart?: string; held?: { at: string; attempts: number; error: string } };
    return {
      ...(value.firstWindowStart ? { firstWindowStart: new Date(value.firstWindowStart) } : {}),
      ...(value.held ? { held: { ...value.held, at: new Date(value.held.at) } } : {}),
    };
  }

  async putProgress(progress: HuntProgress): Promise<void> {
    const json = JSON.stringify({ ...progress, ...(progress.held ? { held: { ...progress.held, error: progress.held.error.slice(0, 2000) } } : {}) });
    await this.call('write', this.target(META, 'progress'), () =>
      this.client.upsertEntity({ partitionKey: META, rowKey: 'progress', ...chunkJson(json) }, 'Replace'),
    );
  }

  async getSkipped(): Promise<SkippedSegment[]> {
    return this.call('list', this.target(SKIPPED), async () => {
      const out: SkippedSegment[] = [];
      const iter = this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter: `PartitionKey eq '${SKIPPED}'` } });
      for await (const e of iter) {
        out.push({
          start: new Date(e['start'] as Date),
          end: new Date(e['end'] as Date),
          attempts: Number(e['attempts']),
          error: String(e['error']),
          skippedAt: new Date(e['skippedAt'] as Date),
        });
      }
      // Row keys are ISO-8601 starts, which sort in time order.
      return out;
    });
  }

  async putSkipped(segment: SkippedSegment): Promise<void> {
    const rowKey = segment.start.toISOString();
    await this.call('write', this.target(SKIPPED, rowKey), () =>
      this.client.upsertEntity({ partitionKey: SKIPPED, rowKey, ...segment, error: segment.error.slice(0, 2000) }, 'Replace'),
    );
  }

  async deleteSkipped(starts: readonly Date[]): Promise<void> {
    await this.deleteAll(SKIPPED, starts.map((d) => d.toISOString()));
  }

  async getLastSummary(): Promise<unknown | undefined> {
    const e = await this.getOrUndefined(META, 'lastSummary');
    return e ? unchunkJson(e) : undefined;
  }

  async putLastSummary(summary: unknown): Promise<void> {
    let json = JSON.stringify(summary);
    if (json.length > MAX_JSON_CHARS) json = JSON.stringify({ truncated: true, note: 'summary too large to store; see the run log', size: json.length });
    await this.call('write', this.target(META, 'lastSummary'), () =>
      this.client.upsertEntity({ partitionKey: META, rowKey: 'lastSummary', ...chunkJson(json) }, 'Replace'),
    );
  }

  async acquireLease(holder: string, durationMs: number, now: Date): Promise<RunLease> {
    await this.ensureTable();
    return acquireTableLease(this.client, RUN_LOCK_KEY, holder, durationMs, now);
  }
}
