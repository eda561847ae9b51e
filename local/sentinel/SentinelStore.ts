import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export type ResourceKind = 'incident' | 'comment' | 'relation' | 'bookmark' | 'watchlist' | 'watchlistItem';

export interface SystemData {
  createdAt: string;
  createdBy: string;
  createdByType: string;
  lastModifiedAt: string;
  lastModifiedBy: string;
  lastModifiedByType: string;
}

/** One stored ARM resource, kept in the shape it is served in. */
export interface StoredResource {
  /** ARM id as first written (case preserved); the store keys on its lower-case form, as ARM ids are case-insensitive. */
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly kind: ResourceKind;
  etag: string;
  properties: Record<string, unknown>;
  systemData: SystemData;
}

interface StoreFile {
  readonly version: 1;
  readonly nextIncidentNumber: number;
  readonly resources: StoredResource[];
}

/**
 * The local Sentinel server's resources: every incident, comment, relation, bookmark, watchlist and watchlist item of
 * every workspace, keyed by ARM id. Persisted as one JSON file when the server is given a state file.
 */
export class SentinelStore {
  private readonly resources = new Map<string, StoredResource>();
  private nextIncidentNumber = 1;

  get(id: string): StoredResource | undefined {
    return this.resources.get(id.toLowerCase());
  }

  /** Insert or replace; a fresh etag each time. */
  put(resource: Omit<StoredResource, 'etag'>): StoredResource {
    const stored: StoredResource = { ...resource, etag: `"${randomUUID()}"` };
    this.resources.set(resource.id.toLowerCase(), stored);
    return stored;
  }

  /** Delete a resource and everything under it (an incident's comments and relations, a watchlist's items). */
  delete(id: string): boolean {
    const key = id.toLowerCase();
    if (!this.resources.has(key)) return false;
    for (const other of [...this.resources.keys()]) if (other === key || other.startsWith(`${key}/`)) this.resources.delete(other);
    return true;
  }

  /** Direct children of `parentId` of one kind, in insertion order. */
  children(parentId: string, kind: ResourceKind): StoredResource[] {
    const prefix = `${parentId.toLowerCase()}/`;
    const result: StoredResource[] = [];
    for (const [key, resource] of this.resources) {
      if (resource.kind === kind && key.startsWith(prefix) && key.slice(prefix.length).split('/').length === 2) result.push(resource);
    }
    return result;
  }

  /** Every resource of one kind, in insertion order. */
  all(kind: ResourceKind): StoredResource[] {
    return [...this.resources.values()].filter((r) => r.kind === kind);
  }

  count(kind: ResourceKind): number {
    let n = 0;
    for (const r of this.resources.values()) if (r.kind === kind) n += 1;
    return n;
  }

  /** The Microsoft.SecurityInsights base paths that hold at least one resource (one per workspace). */
  workspaces(): string[] {
    const bases = new Map<string, string>();
    for (const r of this.resources.values()) {
      const match = /^(.*\/providers\/Microsoft\.SecurityInsights)\//i.exec(r.id);
      if (match) bases.set(match[1]!.toLowerCase(), match[1]!);
    }
    return [...bases.values()];
  }

  takeIncidentNumber(): number {
    return this.nextIncidentNumber++;
  }

  toJSON(): StoreFile {
    return { version: 1, nextIncidentNumber: this.nextIncidentNumber, resources: [...this.resources.values()] };
  }

  /** Load from a state file; a missing file is an empty store. */
  static async load(file: string): Promise<SentinelStore> {
    const store = new SentinelStore();
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return store;
      throw new Error(`Reading Sentinel state ${file} failed: ${(error as Error).message}`, { cause: error });
    }
    let data: StoreFile;
    try {
      data = JSON.parse(text) as StoreFile;
    } catch (error) {
      throw new Error(`Sentinel state ${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
    if (data.version !== 1 || !Array.isArray(data.resources)) throw new Error(`Sentinel state ${file} has an unknown format`);
    for (const r of data.resources) store.resources.set(r.id.toLowerCase(), r);
    store.nextIncidentNumber = data.nextIncidentNumber;
    return store;
  }

  /** Write atomically (temporary file, then rename), so a crash never leaves half a file. */
  async save(file: string): Promise<void> {
    await mkdir(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(this.toJSON(), null, 1));
    await rename(temporary, file);
  }
}
