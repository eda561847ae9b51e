import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { checkHeap } from '../../src/doctor/checkHeap.js';
import { appSettings, deploy, readRepoFile, template } from './support/deployTemplate.js';

const parameters = template['parameters'] as Record<string, { defaultValue?: unknown; allowedValues?: unknown[]; minValue?: number }>;

/** The heap limit V8 reports in a Node.js process started with `flags`, in bytes. */
function heapLimitWith(flags: string[]): number {
  return Number(execFileSync(process.execPath, [...flags, '-e', "process.stdout.write(String(require('node:v8').getHeapStatistics().heap_size_limit))"]));
}

describe('the JavaScript heap the template gives the worker', () => {
  it('sets NODE_OPTIONS from nodeHeapLimitMB, with a young generation sized for whole answers', () => {
    expect(appSettings(deploy())['NODE_OPTIONS']).toBe('--max-old-space-size=768 --max-semi-space-size=32');
    expect(appSettings(deploy({ nodeHeapLimitMB: 1536 }))['NODE_OPTIONS']).toBe('--max-old-space-size=1536 --max-semi-space-size=32');
  });

  it('gives a heap the doctor accepts, at the smallest value it allows, and offers no instance smaller than twice that heap', () => {
    const smallest = parameters['nodeHeapLimitMB']!.minValue!;
    expect(checkHeap(heapLimitWith([`--max-old-space-size=${smallest}`])).status).toBe('ok');
    expect(checkHeap(heapLimitWith(['--max-old-space-size=512'])).status).toBe('warn');
    for (const memory of parameters['instanceMemoryMB']!.allowedValues as number[]) expect(memory).toBeGreaterThanOrEqual(2 * smallest);
  });

  it('is the heap bench:hunt measures the hunt with', () => {
    const scripts = (JSON.parse(readRepoFile('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['bench:hunt']).toContain(` ${appSettings(deploy())['NODE_OPTIONS']!} `);
  });
});
