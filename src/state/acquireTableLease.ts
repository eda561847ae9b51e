import type { TableClient } from '@azure/data-tables';
import { RunInProgressError, serviceFailure, statusCodeOf } from '../errors.js';
import { STATE_NEEDS } from '../requiredPermissions.js';
import type { RunLease } from './stateStore.js';

/** Rounds of create-then-read before a lock that keeps being taken and released is reported as held. */
const MAX_ATTEMPTS = 5;

/** Where the lock entity lives in the state table. */
export interface LeaseKey {
  readonly partitionKey: string;
  readonly rowKey: string;
}

/**
 * Take the run lock held in one table entity, or throw RunInProgressError naming the holder.
 * The entity is created if absent; an expired one (a crashed run) is taken over under its etag, so two runs
 * racing for it cannot both win. Service failures throw ServiceError; the lock being held is not one.
 */
export async function acquireTableLease(client: TableClient, key: LeaseKey, holder: string, durationMs: number, now: Date): Promise<RunLease> {
  const target = `${client.tableName}/${key.partitionKey}/${key.rowKey}`;
  const failed = (error: unknown) => serviceFailure('Table storage: acquire lock', target, error, STATE_NEEDS);
  const expiresAt = new Date(now.getTime() + durationMs);
  const entity = { ...key, holder, expiresAt };

  /** The lock's etag once taken over, or undefined when it vanished after the create failed (released meanwhile). */
  const takeOver = async (): Promise<string | undefined> => {
    let current;
    try {
      current = await client.getEntity<{ holder: string; expiresAt: Date }>(key.partitionKey, key.rowKey);
    } catch (error) {
      if (statusCodeOf(error) === 404) return undefined;
      throw failed(error);
    }
    const until = new Date(current.expiresAt);
    if (until.getTime() > now.getTime()) throw new RunInProgressError(String(current.holder), until);
    try {
      // The previous holder's lease expired (a crashed run): take it over, unless someone else just did.
      return (await client.updateEntity(entity, 'Replace', { etag: current.etag })).etag;
    } catch (error) {
      if (statusCodeOf(error) === 412) throw new RunInProgressError('another run', until);
      throw failed(error);
    }
  };

  let etag: string | undefined;
  // A lock released between our create (409) and our read (404) is free again: try again, a bounded number of times.
  for (let attempt = 1; etag === undefined; attempt++) {
    try {
      etag = (await client.createEntity(entity)).etag;
    } catch (error) {
      if (statusCodeOf(error) !== 409) throw failed(error);
      etag = await takeOver();
      if (etag === undefined && attempt >= MAX_ATTEMPTS) throw new RunInProgressError('another run (the lock changed hands repeatedly)', expiresAt);
    }
  }
  let until = expiresAt;
  return {
    holder,
    get expiresAt() {
      return until;
    },
    renew: async (at: Date) => {
      const next = new Date(at.getTime() + durationMs);
      try {
        // Under our etag: a lock that expired and was taken over is not ours to extend.
        etag = (await client.updateEntity({ ...key, holder, expiresAt: next }, 'Replace', { etag })).etag;
        until = next;
      } catch (error) {
        if (statusCodeOf(error) === 412 || statusCodeOf(error) === 404) throw new RunInProgressError('another run (this run’s lock expired and was taken over)', until);
        throw serviceFailure('Table storage: renew lock', target, error);
      }
    },
    release: async () => {
      try {
        await client.deleteEntity(key.partitionKey, key.rowKey, { etag });
      } catch (error) {
        // 404: already gone; 412: it expired and another run holds it now — not ours to delete.
        if (statusCodeOf(error) !== 404 && statusCodeOf(error) !== 412) throw serviceFailure('Table storage: release lock', target, error, STATE_NEEDS);
      }
    },
  };
}
