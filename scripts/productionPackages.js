// @ts-check
/**
 * The packages `npm ci --omit=dev` would install, read from package-lock.json (lockfile v2/v3 `packages`): every entry
 * npm has not marked `dev`. npm also keeps `devOptional` entries when only dev is omitted, because they are optional
 * dependencies of the production tree (docs.npmjs.com, "package-lock.json", `devOptional`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * @typedef {object} LockedPackage
 * @property {string} location  the lock key, e.g. `node_modules/@azure/identity/node_modules/@azure/abort-controller`
 * @property {string} version
 * @property {boolean} optional  may be missing on this platform (npm skips optional packages whose os/cpu do not match)
 */

/**
 * @param {string} root  the folder holding package-lock.json
 * @returns {LockedPackage[]}
 */
export function productionPackages(root) {
  const lockPath = path.join(root, 'package-lock.json');
  /** @type {{ lockfileVersion?: number, packages?: Record<string, { version?: string, dev?: boolean, optional?: boolean, devOptional?: boolean, link?: boolean }> }} */
  const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
  if (!lock.packages || (lock.lockfileVersion ?? 0) < 2) {
    throw new Error(`Read ${lockPath}: lockfileVersion ${lock.lockfileVersion} has no "packages" map (npm 7 or later writes one)`);
  }
  /** @type {LockedPackage[]} */
  const found = [];
  for (const [location, entry] of Object.entries(lock.packages)) {
    if (location === '' || entry.dev) continue;
    if (entry.link) throw new Error(`Read ${lockPath}: ${location} is a link (workspace or file: dependency), which packaging does not copy`);
    found.push({ location, version: String(entry.version), optional: Boolean(entry.optional || entry.devOptional) });
  }
  return found.sort((a, b) => a.location.localeCompare(b.location));
}
