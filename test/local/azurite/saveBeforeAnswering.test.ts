import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TableClient } from '@azure/data-tables';
import { afterEach, describe, expect, it } from 'vitest';
import { startAzurite, type AzuriteServices } from '../../../local/azurite/startAzurite.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function onDisk(): Promise<{ azurite: AzuriteServices; saved: () => Promise<string> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'azurite-disk-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const azurite = await startAzurite({ location: dir });
  cleanups.push(() => azurite.close());
  return { azurite, saved: () => readFile(path.join(dir, '__azurite_db_table__.json'), 'utf8') };
}

describe('Azurite on disk', () => {
  it('has saved a write to its file by the time it answers it, as the service stores a write before acknowledging it', async () => {
    const { azurite, saved } = await onDisk();
    const client = TableClient.fromConnectionString(azurite.connectionString, 'state', { allowInsecureConnection: true });
    await client.createTable();
    await client.upsertEntity({ partitionKey: 'meta', rowKey: 'checkpoint', end: new Date('2026-11-21T00:00:00Z') }, 'Replace');
    expect(await saved()).toContain('2026-11-21T00:00:00');

    await client.submitTransaction([
      ['upsert', { partitionKey: 'pending', rowKey: '45.33.0.1', n: 1 }],
      ['upsert', { partitionKey: 'pending', rowKey: '45.33.0.2', n: 2 }],
    ]);
    expect(await saved()).toContain('45.33.0.2');
    await client.deleteEntity('meta', 'checkpoint');
    expect(await saved()).not.toContain('2026-11-21T00:00:00');
  });
});
