import type { TableClient } from '@azure/data-tables';
import { STATE_NEEDS } from '../requiredPermissions.js';
import { checkFailure } from './checkFailure.js';
import type { DoctorCheck } from './doctorCheck.js';

/** A row of its own partition, which no state record uses: written, read back and deleted. */
const PROBE = { partitionKey: 'doctor', rowKey: 'probe' } as const;

/** State storage read and write: the table exists (or is created), and a probe row round-trips. */
export async function checkStateStorage(table: TableClient, now: Date): Promise<DoctorCheck> {
  const name = 'state storage';
  try {
    await table.createTable();
    const checkedAt = now.toISOString();
    await table.upsertEntity({ ...PROBE, checkedAt }, 'Replace');
    const back = await table.getEntity<{ checkedAt: string }>(PROBE.partitionKey, PROBE.rowKey);
    await table.deleteEntity(PROBE.partitionKey, PROBE.rowKey);
    if (back.checkedAt !== checkedAt) return { name, status: 'fail', detail: `table ${table.tableName}: the probe row read back differs from what was written` };
    return { name, status: 'ok', detail: `table ${table.tableName}: wrote, read and deleted a probe row` };
  } catch (error) {
    return checkFailure(name, error, STATE_NEEDS);
  }
}
