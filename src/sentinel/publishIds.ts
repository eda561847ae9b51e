import type { EntityLists } from '../entities/entityKinds.js';
import { entitiesOf, listedKinds } from '../entities/entityLists.js';
import { uuidV5 } from './uuidV5.js';

/** The deterministic names of everything published for one IP and generation. */
export interface PublishIds {
  readonly incidentId: string;
  readonly bookmarkId: string;
  readonly relationName: string;
}

/**
 * Ids are UUIDv5 of workspace, detection id, IP and generation: a rerun after a crash (or a retried PUT whose
 * response was lost) writes the same resources again instead of creating new ones.
 */
export function publishIds(workspaceId: string, detectionId: string, ip: string, generation: number): PublishIds {
  const base = `cmdline-ip-hunter:${workspaceId.toLowerCase()}:${detectionId}:${ip}:${generation}`;
  return {
    incidentId: uuidV5(`${base}:incident`),
    bookmarkId: uuidV5(`${base}:bookmark`),
    relationName: uuidV5(`${base}:relation`),
  };
}

/** A comment's id is derived from its incident and text, so posting the same comment twice overwrites it. */
export function commentId(incidentId: string, message: string): string {
  return uuidV5(`cmdline-ip-hunter:comment:${incidentId}:${message}`);
}

/** The deterministic names of the bookmark and relation that bring a re-sighting's new entities to an incident. */
export interface SightingIds {
  readonly bookmarkId: string;
  readonly relationName: string;
}

/**
 * Ids of a re-sighting's bookmark and relation, UUIDv5 of the incident id and the new entities of every kind (their
 * `sameKey`s, deduplicated and sorted, as names compare case-insensitively), so the same re-sighting rerun or retried
 * writes the same two resources again, and a re-sighting with other new entities writes new ones.
 */
export function sightingIds(incidentId: string, news: EntityLists): SightingIds {
  const keys = Object.fromEntries(listedKinds(news).map((kind) => [kind.name, [...new Set(entitiesOf(news, kind).map((v) => kind.sameKey(v)))].sort()]));
  const base = `cmdline-ip-hunter:sighting:${incidentId.toLowerCase()}:${JSON.stringify(keys)}`;
  return { bookmarkId: uuidV5(`${base}:bookmark`), relationName: uuidV5(`${base}:relation`) };
}
