import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/runCli.js';

async function run(args: string[], input: string, env: Record<string, string> = {}) {
  const result = await runCli(args, { stdin: input, env });
  return {
    ...result,
    get lines() {
      return result.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    },
  };
}

const event = (CommandLine: string, extra: Record<string, string> = {}) => JSON.stringify({ CommandLine, Process: 'cmd.exe', Computer: 'PC1', Account: 'CORP\\ann', ...extra });

describe('cmdline-ip-hunter detect', () => {
  it('writes exactly one result line per input line, in order, with every address found', async () => {
    const input = [
      event('curl http://45.9.148.3/a & ping 10.0.0.1'),
      'this is not json',
      event('ipconfig /all'),
      '',
      event('copy \\\\0x2d099403\\s x & ping 8.8.8.8 & ping 8.8.8.8'),
    ].join('\n');
    const { code, lines } = await run(['detect'], `${input}\n`);
    expect(code).toBe(0);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toEqual({
      external: ['45.9.148.3'],
      found: [
        { address: '45.9.148.3', raw: '45.9.148.3', offset: 12, encoding: 'dotted', kind: 'external' },
        { address: '10.0.0.1', raw: '10.0.0.1', offset: 32, encoding: 'dotted', kind: 'private' },
      ],
    });
    expect(lines[1]!.error).toMatch(/^line 2: not valid JSON/);
    expect(lines[2]).toEqual({ external: [], found: [] });
    expect(lines[3]!.error).toMatch(/^line 4: not valid JSON/);
    expect(lines[4]!.external).toEqual(['45.9.148.3', '8.8.8.8']);
    expect(lines[4]!.found).toHaveLength(3);
  });

  it('answers rows without a string CommandLine with an error line and goes on', async () => {
    const { lines } = await run(['detect'], `{"CommandLine": 7}\n[1,2]\n${event('ping 1.1.1.1')}\n`);
    expect(lines).toEqual([
      { error: 'line 1: CommandLine is missing or not a string' },
      { error: 'line 2: not a JSON object' },
      { external: ['1.1.1.1'], found: [expect.objectContaining({ address: '1.1.1.1' })] },
    ]);
  });

  it('applies exclusions from the environment: excluded addresses stay in found with the reason, out of external', async () => {
    const env = {
      EXCLUDED_CIDRS: '168.63.129.16',
      EXCLUSION_RULES: JSON.stringify([{ host: 'BUILD-*', ip: '8.8.8.8', reason: 'build agents' }]),
    };
    const { lines } = await run(
      ['detect'],
      [event('x 168.63.129.16 45.9.148.3'), event('ping 8.8.8.8', { Computer: 'build-7' }), event('ping 8.8.8.8')].join('\n'),
      env,
    );
    expect(lines[0]!.external).toEqual(['45.9.148.3']);
    expect(lines[0]!.found).toContainEqual(
      expect.objectContaining({ address: '168.63.129.16', excluded: 'in excluded range 168.63.129.16/32 (configured as "168.63.129.16")', rule: 'EXCLUDED_CIDRS 168.63.129.16/32' }),
    );
    expect(lines[1]).toMatchObject({ external: [], found: [{ address: '8.8.8.8', excluded: 'build agents' }] });
    expect(lines[2]!.external).toEqual(['8.8.8.8']);
  });

  it('fails with the name of every bad setting and reads no input', async () => {
    const { code, stdout, stderr } = await run(['detect'], event('ping 8.8.8.8'), { EXCLUDED_CIDRS: '10.0.0.0/33', EXCLUSION_RULES: '[{"host": ""}]' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('EXCLUDED_CIDRS: "10.0.0.0/33" is not a valid CIDR');
    expect(stderr).toContain('EXCLUSION_RULES: [0].host: must be a non-empty string');
  });

  it('warns about expired exclusion rules on stderr and ignores them', async () => {
    const { stderr, lines } = await run(['detect'], event('ping 8.8.8.8'), { EXCLUSION_RULES: '[{"host": "*", "expires": "2020-01-01"}]' });
    expect(stderr).toContain('EXCLUSION_RULES[0] expired on 2020-01-01T23:59:59.999Z and is ignored');
    expect(lines[0]!.external).toEqual(['8.8.8.8']);
  });

  it('prints help and refuses unknown arguments', async () => {
    expect((await run(['detect', '--help'], '')).stdout).toContain('Usage: cmdline-ip-hunter detect');
    expect((await run(['detect', '--bogus'], '')).code).toBe(2);
  });
});

describe('cmdline-ip-hunter detect (built binary)', () => {
  beforeAll(async () => {
    // dist/ is built by `npm ci` (prepare); rebuild here so the binary runs the code under test. tsc emits even when some
    // other part of the tree has type errors, so only a missing output fails the suite.
    await promisify(execFile)(process.execPath, [fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url)), '-p', repoRoot], {
      cwd: repoRoot,
    }).catch(() => undefined);
    expect(existsSync(new URL('../../dist/cli/commands/detect.js', import.meta.url))).toBe(true);
  });

  it('reads stdin and writes one JSON line per input line', async () => {
    const child = spawn(process.execPath, ['bin/cmdline-ip-hunter.js', 'detect'], { cwd: repoRoot, env: { PATH: process.env.PATH ?? '' } });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stdin.end(`${event('powershell iwr http://[2606:4700:4700::1111]/x')}\nnot json\n${event('ping 127.0.0.1')}\n`);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]!.external).toEqual(['2606:4700:4700::1111']);
    expect(lines[1]!.error).toMatch(/not valid JSON/);
    expect(lines[2]).toEqual({ external: [], found: [{ address: '127.0.0.1', raw: '127.0.0.1', offset: 5, encoding: 'dotted', kind: 'loopback' }] });
  });
});
