import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_FUNCTIONS } from '../../../local/kql/scalarFunctions.js';

const readme = readFileSync(new URL('../../../local/kql/README.md', import.meta.url), 'utf8');

/** The function names the engine README lists in its paragraph that starts "Scalar functions". */
function documentedFunctions(): string[] {
  const paragraph = /^Scalar functions\b[\s\S]*?\n\n/m.exec(readme)?.[0] ?? '';
  return [...paragraph.matchAll(/`([a-z0-9_]+)`/g)].map((m) => m[1]!).sort();
}

describe('the scalar function registry', () => {
  it('is what the engine README lists, name for name', () => {
    expect(SUPPORTED_FUNCTIONS).not.toHaveLength(0);
    expect(documentedFunctions()).toEqual([...SUPPORTED_FUNCTIONS]);
  });
});
