/** The part of Azurite's Loki-backed table metadata store this relies on (azurite 3.35, `LokiTableMetadataStore`). */
interface LokiTableStore {
  saveDBState(): Promise<void>;
  [method: string]: unknown;
}

/** Store methods that change what the store holds, and the position of their `batchId` argument when they take one. */
const WRITES: Readonly<Record<string, number | undefined>> = {
  createTable: undefined,
  deleteTable: undefined,
  setTableACL: undefined,
  setServiceProperties: undefined,
  insertTableEntity: 4,
  insertOrUpdateTableEntity: 5,
  insertOrMergeTableEntity: 5,
  updateTableEntity: 5,
  mergeTableEntity: 5,
  deleteTableEntity: 6,
  endBatchTransaction: undefined,
};

/**
 * Make an on-disk Azurite Table service save its database before it answers a write, so that a write it acknowledged
 * survives the process being killed. Azure Table storage acknowledges a write only once it is durably stored ("the
 * write operation returns successfully only after the data is written to all three replicas",
 * https://learn.microsoft.com/azure/storage/common/storage-redundancy#locally-redundant-storage), and the hunt's crash
 * guarantees rest on that; Azurite instead saves its Loki database on a 5-second timer, so a local hunt killed with
 * SIGKILL lost its last seconds of state (a checkpoint that moved back, the lease of the dead run kept).
 * Entity writes inside a batch are saved once, when the batch ends. Loki coalesces saves requested while one is being
 * written into one more save after it, so concurrent writes share saves.
 */
export function saveBeforeAnswering(store: LokiTableStore): void {
  for (const [name, batchIdAt] of Object.entries(WRITES)) {
    const method = store[name];
    if (typeof method !== 'function') throw new Error(`Azurite's table store has no ${name}(): this azurite version is not supported`);
    store[name] = async (...args: unknown[]) => {
      const result: unknown = await method.apply(store, args);
      // Inside a batch the write is not answered on its own: the batch's end saves it. Outside one Azurite passes an
      // empty batch id.
      if (batchIdAt === undefined || !args[batchIdAt]) await store.saveDBState();
      return result;
    };
  }
}
