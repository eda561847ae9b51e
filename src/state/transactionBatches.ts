/**
 * Limits of one entity group transaction: at most 100 entities, and a payload under 4 MiB (Azure Table storage
 * scalability targets, https://learn.microsoft.com/azure/storage/tables/scalability-targets). NOTE: Azurite does not
 * enforce the payload limit on batches (Azure/Azurite#1467), so only this split keeps large batches from failing in Azure.
 */
export const MAX_TRANSACTION_ENTITIES = 100;
/** Bytes of entity JSON per transaction, leaving room under 4 MiB for the multipart framing of each operation. */
export const MAX_TRANSACTION_BYTES = 3_500_000;
/** The multipart headers of one operation (boundary, method line, content headers), generously. */
const OPERATION_OVERHEAD_BYTES = 1_024;

/**
 * Split entities into transactions within the service's limits, in their order. An entity is sized by its JSON in
 * UTF-8 (as it goes on the wire, escapes included); one that alone exceeds the byte budget gets a transaction of its own
 * (the entity limit of 1 MiB keeps it well under 4 MiB).
 */
export function transactionBatches<T>(entities: readonly T[], maxEntities = MAX_TRANSACTION_ENTITIES, maxBytes = MAX_TRANSACTION_BYTES): T[][] {
  const batches: T[][] = [];
  let batch: T[] = [];
  let bytes = 0;
  for (const entity of entities) {
    const size = Buffer.byteLength(JSON.stringify(entity)) + OPERATION_OVERHEAD_BYTES;
    if (batch.length > 0 && (batch.length >= maxEntities || bytes + size > maxBytes)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(entity);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
