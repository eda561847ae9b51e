import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HunterError } from '../errors.js';

export type QueryFile = 'hunt.kql' | 'seed.kql';

let queriesDir: string | undefined;

/** The `queries/` folder at the package root, found from this module whether it runs from src/ (tests) or dist/src/. */
function findQueriesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'queries');
    if (existsSync(path.join(candidate, 'hunt.kql'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new HunterError('Load hunting query: no queries/hunt.kql above the app folder (is the queries folder deployed?)');
}

/** The text of a shipped query file, exactly as written. */
export function loadQueryText(file: QueryFile): string {
  queriesDir ??= findQueriesDir();
  return readFileSync(path.join(queriesDir, file), 'utf8');
}
