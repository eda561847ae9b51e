import { getHeapStatistics } from 'node:v8';
import type { DoctorCheck } from './doctorCheck.js';

/**
 * The JavaScript heap a hunt needs: one Log Analytics answer of the largest size the service sends is held while it is
 * read (the response text, its parsed JSON and the SDK's row copies). `npm run bench:hunt` measured it: a 768 MB old
 * space (`--max-old-space-size=768`, which V8 reports as an 816 MB heap limit, 864 MB with the template's
 * `--max-semi-space-size=32`) reads a 500,000-row window, 512 runs out.
 */
export const MIN_HEAP_LIMIT_MB = 800;

/**
 * Whether this worker's heap limit can hold the largest answer. V8 sizes its default heap from the memory the process
 * sees, so an instance without `NODE_OPTIONS=--max-old-space-size=…` (the template sets it) may get less than a hunt needs.
 */
export function checkHeap(heapLimitBytes: number = getHeapStatistics().heap_size_limit): DoctorCheck {
  const limitMb = Math.round(heapLimitBytes / 1048576);
  if (limitMb >= MIN_HEAP_LIMIT_MB) return { name: 'heap', status: 'ok', detail: `JavaScript heap limit ${limitMb} MB` };
  return {
    name: 'heap',
    status: 'warn',
    detail:
      `JavaScript heap limit ${limitMb} MB, under the ${MIN_HEAP_LIMIT_MB} MB a full-size Log Analytics answer needs: ` +
      'set the app setting NODE_OPTIONS=--max-old-space-size=768 --max-semi-space-size=32 (template parameter nodeHeapLimitMB) on an instance of 2048 MB or more',
  };
}
