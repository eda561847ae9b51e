import { describe, expect, it } from 'vitest';
import { MAX_TRANSACTION_ENTITIES, transactionBatches } from '../../src/state/transactionBatches.js';

describe('transactionBatches', () => {
  it('puts at most 100 entities in a transaction, in order', () => {
    const entities = Array.from({ length: 250 }, (_, i) => ({ partitionKey: 'pending', rowKey: String(i) }));
    const batches = transactionBatches(entities);
    expect(batches.map((b) => b.length)).toEqual([MAX_TRANSACTION_ENTITIES, MAX_TRANSACTION_ENTITIES, 50]);
    expect(batches.flat()).toEqual(entities);
  });

  it('starts a new transaction before the payload would pass the byte budget, counting UTF-8 and escapes', () => {
    // 300,000 quotes are 600,000 bytes of JSON once escaped: five such entities exceed 3,500,000 bytes.
    const big = (rowKey: string) => ({ partitionKey: 'pending', rowKey, data0: '"'.repeat(300_000) });
    const batches = transactionBatches([big('a'), big('b'), big('c'), big('d'), big('e'), big('f'), big('g')]);
    expect(batches.map((b) => b.map((e) => e.rowKey))).toEqual([['a', 'b', 'c', 'd', 'e'], ['f', 'g']]);
    const multiByte = (rowKey: string) => ({ partitionKey: 'pending', rowKey, data0: 'é'.repeat(400_000) });
    expect(transactionBatches([multiByte('a'), multiByte('b'), multiByte('c'), multiByte('d'), multiByte('e')]).map((b) => b.length)).toEqual([4, 1]);
  });

  it('gives an entity over the budget a transaction of its own rather than dropping it', () => {
    const batches = transactionBatches([{ rowKey: 'small' }, { rowKey: 'huge', data0: 'x'.repeat(5_000) }, { rowKey: 'after' }], 100, 4_000);
    expect(batches.map((b) => b.map((e) => e.rowKey))).toEqual([['small'], ['huge'], ['after']]);
  });
});
