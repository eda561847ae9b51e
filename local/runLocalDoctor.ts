import type { DoctorCheck } from '../src/doctor/doctorCheck.js';
import type { DoctorOptions } from '../src/doctor/runDoctor.js';
import { generateSecurityEvents } from './sample/generateSecurityEvents.js';
import { startLocalWorkspace } from './startLocalWorkspace.js';
import { parseTableRows } from './tables/parseTableRows.js';

/**
 * Run `doctor` against a fresh in-memory local workspace whose SecurityEvent table holds a day of generated process
 * creation events; the local servers resolve entities at once, so the write test polls briefly.
 */
export async function runLocalDoctor(run: (options: DoctorOptions) => Promise<DoctorCheck[]>): Promise<DoctorCheck[]> {
  const now = new Date();
  const sample = generateSecurityEvents({ rows: 200, seed: 1, start: new Date(now.getTime() - 86_400_000 + 60_000), days: 1 });
  const table = parseTableRows('SecurityEvent', sample.rows.map((r) => JSON.stringify(r)).join('\n'), 'generated sample');
  const workspace = await startLocalWorkspace({ tables: { SecurityEvent: table } });
  try {
    return await run({ env: workspace.settings, ...workspace.dependencyOptions, pollIntervalMs: 100 });
  } finally {
    await workspace.close();
  }
}
