import { execFile, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSettings, deploy, repoRoot } from './support/deployTemplate.js';
import { readZip, unpackZip, type ZipEntry } from './support/readZip.js';

type LockEntry = {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};

/**
 * The installed locations of package.json's production dependencies and everything they need, resolved the way Node
 * resolves them (nearest node_modules upwards) over package-lock.json — independent of npm's `dev` marks.
 */
function productionClosure(): Set<string> {
  const packages = (JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> }).packages;
  const found = new Set<string>();
  const resolve = (from: string, name: string, optional: boolean): void => {
    let base = from;
    for (;;) {
      const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (packages[candidate]) {
        if (!found.has(candidate)) {
          found.add(candidate);
          walk(candidate);
        }
        return;
      }
      if (!base) {
        if (optional) return;
        throw new Error(`${name} (needed by ${from || 'the app'}) is not in package-lock.json`);
      }
      const at = base.lastIndexOf('node_modules/');
      base = at <= 0 ? '' : base.slice(0, at - 1);
    }
  };
  const walk = (key: string): void => {
    const entry = packages[key]!;
    for (const name of Object.keys(entry.dependencies ?? {})) resolve(key, name, false);
    for (const name of Object.keys(entry.optionalDependencies ?? {})) resolve(key, name, true);
    for (const name of Object.keys(entry.peerDependencies ?? {})) resolve(key, name, Boolean(entry.peerDependenciesMeta?.[name]?.optional));
  };
  walk('');
  return found;
}

const PACKAGE_ROOT = /^(node_modules\/(?:@[^/]+\/)?[^/]+(?:\/node_modules\/(?:@[^/]+\/)?[^/]+)*)\/package\.json$/;

/**
 * Whether a gitignore-style pattern file (.gitignore, .funcignore) ignores a path relative to the root: `*` stays within a
 * segment; a pattern with a leading or inner `/` is anchored at the root, one without matches a name at any depth.
 */
function ignoredBy(patternsFile: string): (relative: string) => boolean {
  const patterns = readFileSync(path.join(repoRoot, patternsFile), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      if (l.startsWith('!')) throw new Error(`${patternsFile}: negated patterns are not checked here`);
      const glob = l.replace(/\/$/, '');
      const anchored = glob.includes('/');
      const body = glob.replace(/^\//, '').replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');
      return { anchored, regex: new RegExp(`^${body}(/.*)?$`) };
    });
  return (relative) =>
    patterns.some(({ anchored, regex }) => (anchored ? regex.test(relative) : relative.split('/').some((_, i, parts) => regex.test(parts.slice(i).join('/')))));
}

describe('npm run package', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'cmdline-ip-hunter-package-'));
  let stdout = '';
  let entries: ZipEntry[] = [];
  let names: string[] = [];
  const unpacked = path.join(work, 'unpacked');

  beforeAll(async () => {
    // The same script `npm run package` runs, into a temporary folder; it compiles from scratch (slow on purpose).
    const run = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'scripts/packageApp.js'), '--out-dir', path.join(work, 'out')], {
      cwd: repoRoot,
      maxBuffer: 16 * 1024 * 1024,
    });
    stdout = run.stdout;
    entries = readZip(stdout.trim().split('\n').at(-1)!);
    names = entries.map((e) => e.name);
    unpackZip(entries, unpacked);
  }, 600_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('prints the path of the zip it wrote as its last line', () => {
    expect(stdout.trim().split('\n').at(-1)).toBe(path.join(work, 'out', 'cmdline-ip-hunter.zip'));
  });

  it('holds host.json, a production package.json, the compiled functions and src, and the queries', () => {
    const top = [...new Set(names.map((n) => n.split('/')[0]))].sort();
    expect(top).toEqual(['LICENSE', 'dist', 'host.json', 'node_modules', 'package.json', 'queries']);
    expect([...new Set(names.filter((n) => n.startsWith('dist/')).map((n) => n.split('/')[1]).filter(Boolean))].sort()).toEqual(['functions', 'src']);
    expect(names).toEqual(expect.arrayContaining(['queries/hunt.kql', 'queries/seed.kql', 'dist/functions/huntTimer.js', 'dist/src/config/loadConfig.js']));
    const functions = readdirSync(path.join(repoRoot, 'functions')).filter((f) => f.endsWith('.ts')).map((f) => `dist/functions/${f.replace(/\.ts$/, '.js')}`);
    expect(names).toEqual(expect.arrayContaining(functions));
    const manifest = JSON.parse(readFileSync(path.join(unpacked, 'package.json'), 'utf8')) as Record<string, unknown>;
    const original = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ type: 'module', main: original['main'], dependencies: original['dependencies'] });
    expect(Object.keys(manifest)).not.toEqual(expect.arrayContaining(['devDependencies']));
    expect(Object.keys(manifest)).not.toEqual(expect.arrayContaining(['scripts']));
  });

  it('leaves out sources, source maps, the local workspace, the CLI, benchmarks and tests', () => {
    const outsideModules = names.filter((n) => !n.startsWith('node_modules/'));
    expect(outsideModules.length).toBeGreaterThan(20);
    expect(outsideModules.filter((n) => /\.(ts|map)$/.test(n) || /^(dist\/)?(local|cli|bench|test|scripts|infra)\//.test(n))).toEqual([]);
  });

  it('carries exactly the production dependency tree, and no development package', () => {
    const shipped = new Set(names.flatMap((n) => PACKAGE_ROOT.exec(n)?.[1] ?? []));
    const expected = productionClosure();
    expect(expected.size).toBeGreaterThan(20);
    expect([...shipped].sort()).toEqual([...expected].sort());
    for (const dev of ['typescript', 'vitest', 'azurite', '@kusto/language-service-next', 'fast-check', '@types/node']) {
      expect(names.some((n) => n.startsWith(`node_modules/${dev}/`)), dev).toBe(false);
    }
    expect(names.some((n) => n.startsWith('node_modules/.bin/'))).toBe(false);
  });

  /**
   * Runs an ES module snippet with node in the unpacked package, with no module path of this machine. A module that
   * would resolve from outside the package (a node_modules further up the folder tree) is reported not found, as it
   * would be in Azure: ESM through a loader hook, CommonJS through the resolver. Optional requires (`debug` tries
   * `supports-color`) then take their fallback exactly as in production.
   */
  const runInside = (code: string, env: Record<string, string> = {}) => {
    const insideUrl = pathToFileURL(unpacked).href + '/';
    const insideDir = unpacked + path.sep;
    const hook = `export async function resolve(specifier, context, next) {
      const result = await next(specifier, context);
      if (result.url.startsWith('file:') && !result.url.startsWith(${JSON.stringify(insideUrl)})) {
        throw Object.assign(new Error('Cannot find package ' + specifier + ' inside the package (only at ' + result.url + ')'), { code: 'ERR_MODULE_NOT_FOUND' });
      }
      return result;
    }`;
    const guarded = [
      "import Module, { register } from 'node:module';",
      `register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));`,
      'const resolveFilename = Module._resolveFilename;',
      'Module._resolveFilename = function (request, ...rest) {',
      '  const found = resolveFilename.call(this, request, ...rest);',
      `  if (found.startsWith('/') && !found.startsWith(${JSON.stringify(insideDir)})) {`,
      "    throw Object.assign(new Error('Cannot find module ' + request + ' inside the package (only at ' + found + ')'), { code: 'MODULE_NOT_FOUND' });",
      '  }',
      '  return found;',
      '};',
      code,
    ].join('\n');
    return spawnSync(process.execPath, ['--input-type=module', '-e', guarded], {
      cwd: unpacked,
      env: { PATH: process.env['PATH'] ?? '', HOME: work, ...env },
      encoding: 'utf8',
    });
  };

  it('imports every compiled function module, and builds the app clients, with only what is inside', { timeout: 180_000 }, () => {
    const modules = names.filter((n) => /^dist\/functions\/[^/]+\.js$/.test(n));
    expect(modules.length).toBeGreaterThan(2);
    for (const module of modules) {
      const run = runInside(`await import('./${module}');`);
      expect({ module, status: run.status, stderr: run.stderr.split('\n').filter((l) => !l.startsWith('WARNING:')).join('\n') }).toEqual({ module, status: 0, stderr: '' });
    }
    // The clients are built on first use, from the settings the template deploys.
    const settings = appSettings(deploy());
    const built = runInside("const { getDependencies } = await import('./dist/functions/dependencies.js'); getDependencies(); console.log('built');", settings);
    expect({ status: built.status, stdout: built.stdout.trim(), stderr: built.stderr }).toMatchObject({ status: 0, stdout: 'built' });
  });

  it('cannot reach a development package from inside, so the imports above prove the package complete', { timeout: 60_000 }, () => {
    const run = runInside("await import('typescript');");
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/Cannot find package '?typescript/);
    const required = runInside("import { createRequire } from 'node:module'; createRequire(import.meta.url)('typescript');");
    expect(required.status).not.toBe(0);
    expect(required.stderr).toMatch(/Cannot find module '?typescript/);
  });

  it.skipIf(spawnSync('unzip', ['-v']).status !== 0)('is a zip that unzip reads without an error', { timeout: 60_000 }, () => {
    const zip = stdout.trim().split('\n').at(-1)!;
    const test = spawnSync('unzip', ['-tq', zip], { encoding: 'utf8' });
    expect(test.stdout).toMatch(/No errors detected/);
  });

  it('agrees with .funcignore: it ignores every repository entry the package leaves out, and none it ships', () => {
    const funcIgnored = ignoredBy('.funcignore');
    const gitIgnored = ignoredBy('.gitignore');
    const repoEntries = readdirSync(repoRoot).filter((n) => n !== '.git' && !gitIgnored(n));
    const top = new Set(names.map((n) => n.split('/')[0]!));
    expect(repoEntries.filter((n) => !top.has(n) && !funcIgnored(n))).toEqual([]);
    expect([...top].filter((n) => funcIgnored(n))).toEqual([]);
    const compiled = (JSON.parse(readFileSync(path.join(repoRoot, 'tsconfig.json'), 'utf8')) as { include: string[] }).include;
    const shippedDist = new Set(names.filter((n) => n.startsWith('dist/')).map((n) => n.split('/')[1]!).filter(Boolean));
    expect(compiled.filter((f) => !shippedDist.has(f) && !funcIgnored(`dist/${f}`))).toEqual([]);
    expect([...shippedDist].filter((f) => funcIgnored(`dist/${f}`))).toEqual([]);
  });
});

describe('npm prepare', () => {
  it('succeeds without TypeScript installed, as in npm ci --omit=dev', () => {
    const clone = mkdtempSync(path.join(tmpdir(), 'cmdline-ip-hunter-prepare-'));
    try {
      mkdirSync(path.join(clone, 'scripts'));
      cpSync(path.join(repoRoot, 'scripts/prepare.js'), path.join(clone, 'scripts/prepare.js'));
      writeFileSync(path.join(clone, 'package.json'), readFileSync(path.join(repoRoot, 'package.json')));
      const run = spawnSync(process.execPath, ['scripts/prepare.js'], { cwd: clone, env: { PATH: process.env['PATH'] ?? '', HOME: clone }, encoding: 'utf8' });
      expect({ status: run.status, stdout: run.stdout }).toMatchObject({ status: 0, stdout: expect.stringMatching(/TypeScript is not installed/) });
      expect(readdirSync(clone).sort()).toEqual(['package.json', 'scripts']);
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
  });

  it('is what npm runs on install, and npm run package runs the packaging script', () => {
    const scripts = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['prepare']).toMatch(/^node scripts\/prepare\.js$/);
    expect(scripts['package']).toMatch(/^node scripts\/packageApp\.js\b/);
  });
});
