import { describe, expect, it } from 'vitest';
import type { EvidenceReport } from '../../src/evidence/evidence.js';
import { descriptionWithEvidence, evidenceSection, saysEvidenceUnavailable } from '../../src/evidence/evidenceSection.js';

const unavailable: EvidenceReport = { status: 'unavailable', error: 'BadArgumentError: evidence query refused (line 1 | col 2)', queries: [] };
const found: EvidenceReport = {
  status: 'found',
  evidence: {
    ip: '45.9.148.3',
    connections: [
      { source: 'DeviceNetworkEvents', outcome: 'allowed', count: 2, first: new Date('2026-11-20T08:00:00Z'), last: new Date('2026-11-20T09:00:00Z'), hosts: ['ws1'], ports: [443], processes: ['curl.exe'] },
    ],
    indicators: [],
  },
  facts: { contacted: true, blocked: false, tiMatch: false, labels: ['contacted'] },
  validIndicatorIds: [],
  queries: [],
  skippedSources: [],
};
const HEAD = 'Hard-coded external IP **45.9.148.3** appeared in process command lines on 1 host.';
const TAIL = '\n\n| # | Command line |\n|---|---|\n| 1 | curl http://45.9.148.3/x |';

describe('descriptionWithEvidence', () => {
  it('replaces the "not available" section with the evidence found, leaving the rest as it was', () => {
    const before = HEAD + evidenceSection(unavailable) + TAIL;
    expect(saysEvidenceUnavailable(before)).toBe(true);
    const after = descriptionWithEvidence(before, found, 5_000);
    expect(after).toBe(HEAD + evidenceSection(found) + TAIL);
    expect(saysEvidenceUnavailable(after)).toBe(false);
  });

  it('leaves a description alone that has its evidence, that an analyst rewrote, or when the evidence is still unavailable', () => {
    expect(descriptionWithEvidence(HEAD + evidenceSection(found) + TAIL, found, 5_000)).toBeUndefined();
    expect(descriptionWithEvidence('Rewritten by the analyst.', found, 5_000)).toBeUndefined();
    expect(descriptionWithEvidence(undefined, found, 5_000)).toBeUndefined();
    expect(descriptionWithEvidence(HEAD + evidenceSection(unavailable) + TAIL, unavailable, 5_000)).toBeUndefined();
  });

  it('keeps the description within the limit, shortening the evidence section', () => {
    const before = HEAD + evidenceSection(unavailable) + TAIL + 'x'.repeat(600);
    const limit = before.length + 40;
    const after = descriptionWithEvidence(before, found, limit)!;
    expect(after.length).toBeLessThanOrEqual(limit);
    expect(after.startsWith(HEAD + '\n\n**Evidence** (labels: contacted)')).toBe(true);
    expect(after.endsWith(TAIL + 'x'.repeat(600))).toBe(true);
  });
});
