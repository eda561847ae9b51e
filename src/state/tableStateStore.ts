import { TableClient, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';
import { createLimiter } from '../createLimiter.js';
import { RunInProgressError, ServiceError, serviceFailure, statusCodeOf } from '../errors.js';
import type { Finding } from '../findings/finding.js';
import type { RunLease, SeenRecord, StateStore } from './stateStore.js';

/** Partitions of the one state table. */
const SEEN = 'seen';
const PENDING = 'pending';
const META = 'meta';
const IN_FLIGHT = 'inflight';

/** A string property holds at most 64 KiB (32K UTF-16 units); larger JSON is split over data0…dataN. */
const CHUNK_CHARS = 30_000;
/** Stay well under the 1 MiB entity limit. */
const MAX_JSON_CHARS = 600_000;
const BATCH = 50;
const READ_CONCURRENCY = 16;

/** Caps on what a seen record keeps; the incident holds the full story. */
const KEEP_HOSTS = 500;
const KEEP_ACCOUNTS = 500;
const KEEP_COMMAND_LINES = 100;

type Entity = Record<string, unknown> & { partitionKey: string; rowKey: string };

function chunk(json: string): Record<string, string | number> {
  const out: Record<string, string | number> = { chunks: Math.ceil(json.length / CHUNK_CHARS) || 1 };
  for (let i = 0; i * CHUNK_CHARS < json.length || i === 0; i++) out[`data${i}`] = json.slice(i * CHUNK_CHARS, (i + 1) * CHUNK_CHARS);
  return out;
}

function unchunk(entity: Record<string, unknown>): unknown {
  const count = Number(entity['chunks'] ?? 1);
  let json = '';
  for (let i = 0; i < count; i++) json += String(entity[`data${i}`] ?? '');
  return JSON.parse(json);
}

/** Keep the newest values of a list (lists are kept in first-seen order). */
function newest<T>(values: readonly T[], keep: number): T[] {
  return values.length > keep ? values.slice(values.length - keep) : [...values];
}

function seenToJson(record: SeenRecord): string {
  let hosts = newest(record.hosts, KEEP_HOSTS);
  let accounts = newest(record.accounts, KEEP_ACCOUNTS);
  let commandLines = newest(record.commandLines, KEEP_COMMAND_LINES);
  let json = JSON.stringify({ hosts, accounts, commandLines });
  // Very long command lines (encoded payloads run to tens of KB) can still overflow: drop the oldest until it fits.
  while (json.length > MAX_JSON_CHARS && commandLines.length > 1) {
    commandLines = commandLines.slice(Math.ceil(commandLines.length / 2));
    hosts = hosts.slice(Math.floor(hosts.length / 2));
    accounts = accounts.slice(Math.floor(accounts.length / 2));
    json = JSON.stringify({ hosts, accounts, commandLines });
  }
  return json;
}

function findingToJson(finding: Finding): string {
  let value = finding;
  let json = JSON.stringify(value);
  while (json.length > MAX_JSON_CHARS && value.commandLines.length > 1) {
    const keep = Math.floor(value.commandLines.length / 2);
    value = { ...value, commandLines: value.commandLines.slice(0, keep), commandLinesOmitted: value.commandLinesOmitted + value.commandLines.length - keep };
    json = JSON.stringify(value);
  }
  return json;
}

function findingFromJson(value: unknown): Finding {
  const f = value as Finding & { firstSeen: string; lastSeen: string };
  return { ...f, firstSeen: new Date(f.firstSeen), lastSeen: new Date(f.lastSeen) };
}

/** Run `fn` over items with at most `limit` in flight. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const run = createLimiter(limit);
  return Promise.all(items.map((item) => run(() => fn(item))));
}

export interface TableStateStoreOptions {
  /** `AzureWebJobsStorage`-style connection string (Azurite's long or `UseDevelopmentStorage=true` form included). */
  readonly connectionString?: string;
  /** Or an identity-based connection: the table service URL plus a credential. */
  readonly tableServiceUrl?: string;
  readonly credential?: TokenCredential;
  readonly tableName: string;
}

/** Build the TableClient for the state table; http endpoints (Azurite) are allowed explicitly. */
export function createStateTableClient(options: TableStateStoreOptions): TableClient {
  if (options.connectionString) {
    const insecure = /DefaultEndpointsProtocol=http;|TableEndpoint=http:|UseDevelopmentStorage=true/i.test(options.connectionString);
    return TableClient.fromConnectionString(options.connectionString, options.tableName, { allowInsecureConnection: insecure });
  }
  if (options.tableServiceUrl && options.credential) return new TableClient(options.tableServiceUrl, options.tableName, options.credential);
  throw new ServiceError('Table storage: no connection string and no table service URL with a credential');
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
      throw serviceFailure(`Table storage: ${operation}`, target, error);
    }
  }

  private ensureTable(): Promise<void> {
    this.ready ??= this.client.createTable().catch((error: unknown) => {
      this.ready = undefined;
      throw serviceFailure('Table storage: create table', this.client.tableName, error);
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

  private async upsertAll(pk: string, entities: readonly Entity[]): Promise<void> {
    for (let i = 0; i < entities.length; i += BATCH) {
      const actions: TransactionAction[] = entities.slice(i, i + BATCH).map((e) => ['upsert', e, 'Replace']);
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
      const lists = unchunk(e) as { hosts: string[]; accounts: string[]; commandLines: string[] };
      const record: SeenRecord = {
        ip,
        incidentId: String(e['incidentId']),
        ...(typeof e['incidentNumber'] === 'number' ? { incidentNumber: e['incidentNumber'] } : {}),
        generation: Number(e['generation'] ?? 0),
        hosts: lists.hosts,
        accounts: lists.accounts,
        commandLines: lists.commandLines,
        firstReported: new Date(e['firstReported'] as Date),
        lastReported: new Date(e['lastReported'] as Date),
        lastSeen: new Date(e['lastSeen'] as Date),
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
        ...chunk(seenToJson(r)),
      })),
    );
  }

  async getPending(): Promise<Finding[]> {
    return this.call('list', this.target(PENDING), async () => {
      const out: Finding[] = [];
      const iter = this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter: `PartitionKey eq '${PENDING}'` } });
      for await (const e of iter) out.push(findingFromJson(unchunk(e)));
      return out;
    });
  }

  async putPending(findings: readonly Finding[]): Promise<void> {
    await this.upsertAll(
      PENDING,
      findings.map((f) => ({ partitionKey: PENDING, rowKey: f.ip, ...chunk(findingToJson(f)) })),
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

  private async deleteAll(pk: string, ips: readonly string[]): Promise<void> {
    await mapLimited([...new Set(ips)], READ_CONCURRENCY, (ip) =>
      this.call('delete', this.target(pk, ip), async () => {
        try {
          await this.client.deleteEntity(pk, ip);
        } catch (error) {
          if (statusCodeOf(error) !== 404) throw error;
        }
      }),
    );
  }

  async getLastSummary(): Promise<unknown | undefined> {
    const e = await this.getOrUndefined(META, 'lastSummary');
    return e ? unchunk(e) : undefined;
  }

  async putLastSummary(summary: unknown): Promise<void> {
    let json = JSON.stringify(summary);
    if (json.length > MAX_JSON_CHARS) json = JSON.stringify({ truncated: true, note: 'summary too large to store; see the run log', size: json.length });
    await this.call('write', this.target(META, 'lastSummary'), () =>
      this.client.upsertEntity({ partitionKey: META, rowKey: 'lastSummary', ...chunk(json) }, 'Replace'),
    );
  }

  async acquireLease(holder: string, durationMs: number, now: Date): Promise<RunLease> {
    const target = this.target(META, 'lock');
    const expiresAt = new Date(now.getTime() + durationMs);
    const entity = { partitionKey: META, rowKey: 'lock', holder, expiresAt };
    const etag = await this.call('acquire lock', target, async () => {
      try {
        const created = await this.client.createEntity(entity);
        return created.etag;
      } catch (error) {
        if (statusCodeOf(error) !== 409) throw error;
      }
      const current = await this.client.getEntity<{ holder: string; expiresAt: Date }>(META, 'lock');
      const until = new Date(current.expiresAt);
      if (until.getTime() > now.getTime()) throw new RunInProgressError(String(current.holder), until);
      try {
        // The previous holder's lease expired (a crashed run): take it over, unless someone else just did.
        const taken = await this.client.updateEntity(entity, 'Replace', { etag: current.etag });
        return taken.etag;
      } catch (error) {
        if (statusCodeOf(error) === 412) throw new RunInProgressError('another run', until);
        throw error;
      }
    }).catch((error: unknown) => {
      if (error instanceof ServiceError && error.cause instanceof RunInProgressError) throw error.cause;
      throw error;
    });
    return {
      holder,
      expiresAt,
      release: async () => {
        await this.call('release lock', target, async () => {
          try {
            await this.client.deleteEntity(META, 'lock', { etag });
          } catch (error) {
            // 404: already gone; 412: it expired and another run holds it now — not ours to delete.
            if (statusCodeOf(error) !== 404 && statusCodeOf(error) !== 412) throw error;
          }
        });
      },
    };
  }
}
