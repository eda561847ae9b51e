import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { securityEventRows, type GenerateOptions } from './generateSecurityEvents.js';

/** Rows per write: large enough to be fast, small enough that no write is a big string. */
const ROWS_PER_WRITE = 2000;

/**
 * Writes the generated sample as JSON lines to `out`, a few thousand rows per write, waiting for `drain` when the stream
 * asks to: a million rows stream out in seconds without ever being held as one string or one array.
 * @returns the number of rows written and the planted external addresses, sorted.
 */
export async function writeSampleLines(out: Writable, options: GenerateOptions): Promise<{ rows: number; plantedIps: string[] }> {
  const planted = new Set<string>();
  let batch: string[] = [];
  let rows = 0;
  const flush = async () => {
    const text = `${batch.join('\n')}\n`;
    batch = [];
    if (!out.write(text)) await once(out, 'drain');
  };
  for (const row of securityEventRows(options, planted)) {
    batch.push(JSON.stringify(row));
    rows++;
    if (batch.length === ROWS_PER_WRITE) await flush();
  }
  if (batch.length > 0) await flush();
  return { rows, plantedIps: Array.from(planted).sort() };
}
