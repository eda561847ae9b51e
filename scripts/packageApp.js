#!/usr/bin/env node
// @ts-check
/**
 * `npm run package`: compiles the app into a staging folder and writes the zip that Flex Consumption's "one deploy"
 * takes (`az functionapp deployment source config-zip`, or the template's `onedeploy` extension). The zip holds what the
 * Functions host runs and nothing else: host.json, a production package.json, the compiled functions and src under
 * dist/, queries/, LICENSE and the production node_modules — copied from the installed tree by package-lock.json, so
 * packaging needs no network. Prints the zip's path as its last line.
 *
 * Usage: node scripts/packageApp.js [--out-dir DIR]   (default .local/package)
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { productionPackages } from './productionPackages.js';
import { writeZip } from './writeZip.js';

export const PACKAGE_FILE = 'cmdline-ip-hunter.zip';
/** Compiled folders the Functions host needs: the registrations and the app. cli/, local/ and bench/ stay out. */
const SHIPPED_DIST = ['functions', 'src'];
/** package.json fields the host and npm read; scripts, bin and devDependencies would only point at what is not shipped. */
const SHIPPED_MANIFEST_FIELDS = ['name', 'version', 'description', 'license', 'type', 'main', 'engines', 'dependencies'];

/**
 * @param {string} from
 * @param {string} to
 * @param {(source: string) => boolean} keep
 */
function copyTree(from, to, keep) {
  cpSync(from, to, { recursive: true, filter: (source) => keep(source) });
}

/**
 * Copies the production dependencies listed in package-lock.json from the installed node_modules.
 * @param {string} root
 * @param {string} appDir
 * @returns {number} packages copied
 */
function copyProductionModules(root, appDir) {
  let copied = 0;
  for (const pkg of productionPackages(root)) {
    const source = path.join(root, pkg.location);
    if (!existsSync(source)) {
      if (pkg.optional) continue;
      throw new Error(`Package the app: ${pkg.location} is in package-lock.json but not installed (run npm ci)`);
    }
    const installed = JSON.parse(readFileSync(path.join(source, 'package.json'), 'utf8')).version;
    if (installed !== pkg.version) {
      throw new Error(`Package the app: ${pkg.location} is ${installed} but package-lock.json wants ${pkg.version} (run npm ci)`);
    }
    // A nested node_modules holds other lock entries, each copied (or left out, when dev) on its own.
    const from = realpathSync(source);
    const nested = path.join(from, 'node_modules');
    copyTree(from, path.join(appDir, pkg.location), (file) => file !== nested);
    copied += 1;
  }
  return copied;
}

/**
 * Builds the deployment package of the app at `root` into `outDir` and returns the zip's path.
 * @param {{ root: string, outDir: string, log?: (line: string) => void }} options
 * @returns {string}
 */
export function packageApp({ root, outDir, log = () => {} }) {
  const staging = path.join(outDir, 'staging');
  const build = path.join(staging, 'build');
  const app = path.join(staging, 'app');
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(app, { recursive: true });

  log('compiling functions/ and src/ into a clean folder');
  // Only the shipped folders are compiled: quicker, and it proves they build without cli/, local/ or bench/.
  const config = path.join(staging, 'tsconfig.package.json');
  writeFileSync(
    config,
    JSON.stringify({
      extends: path.join(root, 'tsconfig.json'),
      // Type roots resolve from the config's own folder, which is outside the project: point them back at it.
      compilerOptions: { rootDir: root, outDir: build, sourceMap: false, typeRoots: [path.join(root, 'node_modules', '@types')] },
      include: SHIPPED_DIST.map((folder) => path.join(root, folder)),
    }),
  );
  const tsc = createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');
  const compiled = spawnSync(process.execPath, [tsc, '-p', config], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (compiled.status !== 0) throw new Error(`Package the app: tsc failed (exit ${compiled.status ?? compiled.signal})`);
  for (const folder of SHIPPED_DIST) copyTree(path.join(build, folder), path.join(app, 'dist', folder), (file) => !file.endsWith('.map'));

  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const shipped = Object.fromEntries(SHIPPED_MANIFEST_FIELDS.filter((f) => f in manifest).map((f) => [f, manifest[f]]));
  writeFileSync(path.join(app, 'package.json'), `${JSON.stringify(shipped, null, 2)}\n`);
  for (const file of ['host.json', 'LICENSE']) cpSync(path.join(root, file), path.join(app, file));
  copyTree(path.join(root, 'queries'), path.join(app, 'queries'), () => true);

  log('copying production dependencies from node_modules');
  const modules = copyProductionModules(root, app);

  const zipPath = path.join(outDir, PACKAGE_FILE);
  rmSync(zipPath, { force: true });
  const { entries, bytes } = writeZip(app, zipPath);
  log(`${modules} production packages, ${entries} entries, ${(bytes / 1_048_576).toFixed(1)} MiB`);
  rmSync(staging, { recursive: true, force: true });
  return zipPath;
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const at = process.argv.indexOf('--out-dir');
  const outDir = path.resolve(at > 0 && process.argv[at + 1] ? process.argv[at + 1] : path.join(root, '.local', 'package'));
  try {
    const zipPath = packageApp({ root, outDir, log: (line) => console.error(`package: ${line}`) });
    console.log(zipPath);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
