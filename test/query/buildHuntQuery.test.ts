import { describe, expect, it } from 'vitest';
import { buildHuntQuery } from '../../src/query/buildHuntQuery.js';
import { kqlString } from '../../src/query/kqlLiteral.js';
import { loadQueryText } from '../../src/query/loadQueryText.js';

describe('buildHuntQuery', () => {
  it('sends the seed query byte for byte in seed mode', () => {
    expect(buildHuntQuery({ mode: 'seed', processes: ['cmd.exe'] })).toBe(loadQueryText('seed.kql'));
  });

  it('replaces only the process lets of hunt.kql with the configured names', () => {
    const template = loadQueryText('hunt.kql');
    const query = buildHuntQuery({ mode: 'hunt', processes: ['cmd.exe', 'curl.exe'], sources: ['securityevent', 'defender', 'sysmon', 'asim'] });
    expect(query).toContain('let hunted_processes = dynamic(["cmd.exe", "curl.exe"]);');
    expect(query).toContain('let hunt_all_processes = false;');
    const strip = (q: string) => q.split('\n').filter((l) => !/^let hunt(ed)?_(all_)?processes/.test(l));
    expect(strip(query)).toEqual(strip(template));
  });

  it('keeps the union legs of the configured sources only, and refuses a source the template lacks', () => {
    const query = buildHuntQuery({ mode: 'hunt', processes: ['cmd.exe'], sources: ['sysmon'] });
    expect([...query.matchAll(/^ {4}\/\/ source: (\w+)$/gm)].map((m) => m[1])).toEqual(['sysmon', 'sysmon']);
    expect(query).toContain('datatable(TimeGenerated: datetime');
    const template = loadQueryText('hunt.kql').replace(/^ {4}\/\/ source: defender\n[\s\S]*?\n {4}\),\n/m, '');
    expect(() => buildHuntQuery({ mode: 'hunt', processes: ['cmd.exe'], sources: ['defender'] }, template)).toThrow(/no union leg for source\(s\) defender/);
  });

  it('hunts every process for *', () => {
    const query = buildHuntQuery({ mode: 'hunt', processes: ['*'] });
    expect(query).toContain('let hunt_all_processes = true;');
    expect(query).toContain('let hunted_processes = dynamic([]);');
  });

  it('keeps quotes, pipes and comment markers inside the string literal', () => {
    const query = buildHuntQuery({ mode: 'hunt', processes: ['a"b', 'c\\', 'x | take 1', '// y'] });
    expect(query).toContain(String.raw`let hunted_processes = dynamic(["a\"b", "c\\", "x | take 1", "// y"]);`);
  });

  it('rejects line breaks and control characters, naming the setting', () => {
    expect(() => buildHuntQuery({ mode: 'hunt', processes: ['cmd.exe"]);\nSecurityEvent | take 1 //'] })).toThrow(/HUNT_PROCESSES: .*line break/);
    expect(() => kqlString('a\u0000b', 'field')).toThrow(/field:/);
    expect(() => kqlString('a\u2028b', 'field')).toThrow(/line break/);
  });

  it('fails clearly when the template lacks the process lines', () => {
    expect(() => buildHuntQuery({ mode: 'hunt', processes: ['cmd.exe'] }, 'SecurityEvent | take 1')).toThrow(/hunted_processes/);
  });
});
