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
