import { describe, expect, it } from 'vitest';
import { checkHeap, MIN_HEAP_LIMIT_MB } from '../../src/doctor/checkHeap.js';

const MB = 1048576;

describe('checkHeap', () => {
  it('is ok with the heap limit the template sets (768 MB of old space, which V8 reports as 816 MB)', () => {
    expect(checkHeap(816 * MB)).toEqual({ name: 'heap', status: 'ok', detail: 'JavaScript heap limit 816 MB' });
  });

  it('warns, naming the app setting and the template parameter, when the heap cannot hold a full-size answer', () => {
    const check = checkHeap(560 * MB);
    expect(check.status).toBe('warn');
    expect(check.detail).toContain(`JavaScript heap limit 560 MB, under the ${MIN_HEAP_LIMIT_MB} MB`);
    expect(check.detail).toContain('NODE_OPTIONS=--max-old-space-size=768');
    expect(check.detail).toContain('nodeHeapLimitMB');
  });

  it("reads this process's own limit by default", () => {
    expect(checkHeap().detail).toMatch(/^JavaScript heap limit \d+ MB/);
  });
});
