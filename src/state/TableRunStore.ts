import { odata, type TableClient, type TableEntityResult } from '@azure/data-tables';
import { serviceFailure, statusCodeOf } from '../errors.js';
import type { RunFailure, RunRecord, RunStatus, RunStore, VersionedRunRecord } from '../runs/runRecord.js';
import { chunkJson, MAX_JSON_CHARS, unchunkJson } from './jsonChunks.js';

/** Partitions of the state table that hold on-demand runs: one entity per run, and its summary beside it. */
const RUNS = 'runs';
const SUMMARIES = 'runSummaries';

type Entity = Record<string, unknown> & { partitionKey: string; rowKey: string };

function toEntity(record: RunRecord): Entity {
  const optional = <K extends keyof RunRecord>(key: K): Record<string, unknown> => (record[key] === undefined ? {} : { [key]: record[key] });
  return {
    partitionKey: RUNS,
    rowKey: record.runId,
    status: record.status,
    dryRun: record.dryRun,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    attempts: record.attempts,
    ...optional('startedAt'),
    ...optional('finishedAt'),
    ...optional('claimedBy'),
    ...optional('note'),
    ...(record.failure ? { failure: JSON.stringify(record.failure) } : {}),
    // The request can be large (a body with exclusion rules): it is chunked like other JSON in this table.
    ...chunkJson(record.request),
  };
}

function fromEntity(e: TableEntityResult<Record<string, unknown>>): RunRecord {
  const date = (key: string): Date | undefined => (e[key] === undefined ? undefined : new Date(e[key] as Date));
  const startedAt = date('startedAt');
  const finishedAt = date('finishedAt');
  return {
    runId: String(e.rowKey),
    status: e['status'] as RunStatus,
    request: JSON.stringify(unchunkJson(e)),
    dryRun: e['dryRun'] === true,
    createdAt: date('createdAt')!,
    updatedAt: date('updatedAt')!,
    attempts: Number(e['attempts'] ?? 0),
    ...(startedAt ? { startedAt } : {}),
    ...(finishedAt ? { finishedAt } : {}),
    ...(typeof e['claimedBy'] === 'string' ? { claimedBy: e['claimedBy'] } : {}),
    ...(typeof e['note'] === 'string' ? { note: e['note'] } : {}),
    ...(typeof e['failure'] === 'string' ? { failure: JSON.parse(e['failure']) as RunFailure } : {}),
  };
}

/** Run records in the state table (Azurite locally), next to the hunt state. */
export class TableRunStore implements RunStore {
  private ready: Promise<void> | undefined;

  constructor(private readonly client: TableClient) {}

  private async call<T>(operation: string, rowKey: string | undefined, fn: () => Promise<T>): Promise<T> {
    this.ready ??= this.client.createTable().catch((error: unknown) => {
      this.ready = undefined;
      throw serviceFailure('Table storage: create table', this.client.tableName, error);
    });
    await this.ready;
    try {
      return await fn();
    } catch (error) {
      throw serviceFailure(`Table storage: ${operation}`, `${this.client.tableName}/${RUNS}${rowKey === undefined ? '' : `/${rowKey}`}`, error);
    }
  }

  async create(record: RunRecord): Promise<{ created: true } | { created: false; existing: RunRecord }> {
    const conflict = await this.call('create run record', record.runId, async () => {
      try {
        await this.client.createEntity(toEntity(record));
        return false;
      } catch (error) {
        if (statusCodeOf(error) === 409) return true;
        throw error;
      }
    });
    if (!conflict) return { created: true };
    const existing = await this.get(record.runId);
    // Created and pruned in between: practically impossible (retention is hours at least); report it as what it is.
    if (!existing) throw serviceFailure('Table storage: read run record', `${this.client.tableName}/${RUNS}/${record.runId}`, new Error('the record vanished after a conflict'));
    return { created: false, existing: existing.record };
  }

  async get(runId: string): Promise<VersionedRunRecord | undefined> {
    return this.call('read run record', runId, async () => {
      try {
        const e = await this.client.getEntity<Record<string, unknown>>(RUNS, runId);
        return { record: fromEntity(e), etag: e.etag };
      } catch (error) {
        if (statusCodeOf(error) === 404) return undefined;
        throw error;
      }
    });
  }

  async update(record: RunRecord, etag: string): Promise<boolean> {
    return this.call('update run record', record.runId, async () => {
      try {
        await this.client.updateEntity(toEntity(record), 'Replace', { etag });
        return true;
      } catch (error) {
        if (statusCodeOf(error) === 412 || statusCodeOf(error) === 404) return false;
        throw error;
      }
    });
  }

  async delete(runId: string): Promise<void> {
    await this.call('delete run record', runId, async () => {
      for (const pk of [RUNS, SUMMARIES]) {
        try {
          await this.client.deleteEntity(pk, runId);
        } catch (error) {
          if (statusCodeOf(error) !== 404) throw error;
        }
      }
    });
  }

  async getSummary(runId: string): Promise<unknown | undefined> {
    return this.call('read run summary', runId, async () => {
      try {
        return unchunkJson(await this.client.getEntity<Record<string, unknown>>(SUMMARIES, runId));
      } catch (error) {
        if (statusCodeOf(error) === 404) return undefined;
        throw error;
      }
    });
  }

  async putSummary(runId: string, summary: unknown): Promise<void> {
    let json = JSON.stringify(summary);
    if (json.length > MAX_JSON_CHARS) json = JSON.stringify({ truncated: true, note: 'summary too large to store; see the run log', size: json.length });
    await this.call('write run summary', runId, () => this.client.upsertEntity({ partitionKey: SUMMARIES, rowKey: runId, ...chunkJson(json) }, 'Replace'));
  }

  async countActive(options: { since: Date; dryRunOnly: boolean }): Promise<number> {
    const filter = options.dryRunOnly
      ? odata`PartitionKey eq ${RUNS} and createdAt ge ${options.since} and status ne 'succeeded' and status ne 'failed' and dryRun eq true`
      : odata`PartitionKey eq ${RUNS} and createdAt ge ${options.since} and status ne 'succeeded' and status ne 'failed'`;
    return this.call('count active runs', undefined, async () => {
      let count = 0;
      for await (const _ of this.client.listEntities({ queryOptions: { filter, select: ['RowKey'] } })) count++;
      return count;
    });
  }

  async prune(before: Date, limit: number): Promise<number> {
    const old = await this.call('list old runs', undefined, async () => {
      const ids: string[] = [];
      const filter = odata`PartitionKey eq ${RUNS} and createdAt lt ${before}`;
      for await (const e of this.client.listEntities({ queryOptions: { filter, select: ['RowKey'] } })) {
        ids.push(String(e.rowKey));
        if (ids.length >= limit) break;
      }
      return ids;
    });
    for (const runId of old) await this.delete(runId);
    return old.length;
  }
}
