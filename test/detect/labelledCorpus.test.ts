import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractAddresses } from '../../src/detect/extractAddresses.js';

interface LabelledLine {
  commandLine: string;
  expected: string[];
  note: string;
}

const corpus: LabelledLine[] = readFileSync(new URL('../fixtures/labelled-command-lines.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as LabelledLine);

function externalsOf(commandLine: string): Set<string> {
  return new Set(extractAddresses(commandLine).filter((a) => a.kind === 'external').map((a) => a.address));
}

describe('labelled command-line corpus', () => {
  it('holds at least 300 labelled lines, with true positives and true negatives', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    expect(corpus.filter((l) => l.expected.length > 0).length).toBeGreaterThan(150);
    expect(corpus.filter((l) => l.expected.length === 0).length).toBeGreaterThan(100);
  });

  it('finds the labelled external IPs with precision and recall of at least 0.99', () => {
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    const mistakes: string[] = [];
    for (const { commandLine, expected, note } of corpus) {
      const got = externalsOf(commandLine);
      for (const ip of got) {
        if (expected.includes(ip)) truePositives++;
        else {
          falsePositives++;
          mistakes.push(`false positive ${ip} (${note}): ${commandLine}`);
        }
      }
      for (const ip of expected) {
        if (!got.has(ip)) {
          falseNegatives++;
          mistakes.push(`missed ${ip} (${note}): ${commandLine}`);
        }
      }
    }
    const precision = truePositives / (truePositives + falsePositives);
    const recall = truePositives / (truePositives + falseNegatives);
    // On failure the diff shows every mistake, for review.
    expect({ precision, recall, mistakes }).toMatchObject({
      precision: expect.toSatisfy((p: number) => p >= 0.99),
      recall: expect.toSatisfy((r: number) => r >= 0.99),
    });
  });
});
