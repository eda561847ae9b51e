/**
 * The local workspace for `npm run bench:hunt`, in a process of its own so the hunt's figures are the hunt's alone.
 * Generates `BENCH_HUNT_ROWS` SecurityEvent rows, every one with an external address in a command line of its own (the
 * hunt query summarizes by command line, so each row is one candidate row of its answer), spread evenly over `BENCH_HUNT_DAYS` days from `BENCH_HUNT_START`, one row at a time
 * into the columnar table, starts the servers, prints one JSON line (settings, rows, memory) and serves until stdin ends.
 */
import { once } from 'node:events';
import { TableBuilder } from '../local/tables/TableBuilder.js';
import { securityEventRows } from '../local/sample/generateSecurityEvents.js';
import { SECURITY_EVENT_COLUMNS } from '../local/tables/securityEventSchema.js';
import { startLocalWorkspace } from '../local/startLocalWorkspace.js';

const rows = Number(process.env['BENCH_HUNT_ROWS'] ?? 1_100_000);
const days = Number(process.env['BENCH_HUNT_DAYS'] ?? 11);
const start = new Date(process.env['BENCH_HUNT_START'] ?? '2026-11-01T00:00:00Z');

const t = performance.now();
const builder = new TableBuilder(SECURITY_EVENT_COLUMNS, 'bench');
const plantedIps = new Set<string>();
let n = 0;
for (const row of securityEventRows({ rows, seed: 17, start, days, maliciousRate: 1 }, plantedIps)) {
  // A tag no detector reads as an address ("r" + a number is neither a dotted, decimal nor hex form) makes the line unique.
  builder.add({ ...row, CommandLine: `${row.CommandLine} /tag:r${n++}` });
}
const table = builder.finish();
const loadMs = performance.now() - t;
global.gc?.();
const workspace = await startLocalWorkspace({ tables: { SecurityEvent: table }, now: () => new Date(start.getTime() + (days + 1) * 86_400_000) });
process.stdout.write(
  `${JSON.stringify({
    settings: workspace.settings,
    rows: table.rowCount,
    plantedIps: plantedIps.size,
    loadMs: Math.round(loadMs),
    rssMb: Math.round(process.memoryUsage().rss / 1_048_576),
  })}\n`,
);
process.stdin.resume();
await once(process.stdin, 'end');
await workspace.close();
