#!/usr/bin/env node
// @ts-check
/**
 * npm runs `prepare` on every `npm ci`, including `npm ci --omit=dev`, where TypeScript (a development dependency) is
 * not installed. Compile when it is there (a development install: `npm start` and the CLI need dist/); otherwise say
 * so and succeed — a production install of a clone has nothing to run, and deployments use `npm run package`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// Only this project's own node_modules counts: npm installs development dependencies there or not at all, and a
// TypeScript found further up the folder tree would be someone else's.
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
if (!existsSync(tsc)) {
  console.log('prepare: TypeScript is not installed (production install), so dist/ is not built; `npm run package` makes deployable builds.');
  process.exit(0);
}
const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit' });
process.exit(result.status ?? 1);
