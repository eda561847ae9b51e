import type { Bookmark, Incident } from '@azure/arm-securityinsight';

/**
 * The steps of publishing one IP: plain data, one request each (except a note, which sends nothing), built by the
 * planner from the payload builders and run in order by the executor, or turned into planned requests by a dry run.
 */
export type PublishStep = ReadIncident | PutBookmark | PutIncident | UpdateIncident | PutRelation | PutComment | Note;

/** GET the incident; a 404 is an answer (the incident is not there), not a failure. */
export interface ReadIncident {
  readonly kind: 'readIncident';
  readonly incidentId: string;
}

export interface PutBookmark {
  readonly kind: 'putBookmark';
  readonly bookmarkId: string;
  readonly bookmark: Bookmark;
}

/** Create (or rewrite) an incident under its deterministic id. */
export interface PutIncident {
  readonly kind: 'putIncident';
  readonly incidentId: string;
  readonly incident: Incident;
  /** Skip the PUT when an earlier ReadIncident step of the same run found the incident (an analyst may have triaged it). */
  readonly unlessFound: boolean;
}

/** Change an incident that was read: PUT it with its etag. */
export interface UpdateIncident {
  readonly kind: 'updateIncident';
  readonly incidentId: string;
  /** The changed incident, carrying the etag of the read it was built from. */
  readonly incident: Incident;
  /** The same change applied to the incident read again after a conflict (409); undefined when it no longer changes anything. */
  readonly rebase: (fresh: Incident) => Incident | undefined;
}

/** Relate a bookmark to an incident; a bookmark PUT earlier in the same run lends its id as the service returned it. */
export interface PutRelation {
  readonly kind: 'putRelation';
  readonly incidentId: string;
  readonly relationName: string;
  readonly bookmarkId: string;
  readonly relatedResourceId: string;
  /** Said in the outcome's detail once the relation is written. */
  readonly note?: string;
}

export interface PutComment {
  readonly kind: 'putComment';
  readonly incidentId: string;
  readonly commentId: string;
  readonly message: string;
  /** Said in the outcome's detail once the comment is written. */
  readonly note: string;
}

/** Something the plan leaves out on purpose (a service limit reached); sends nothing, said in the outcome's detail. */
export interface Note {
  readonly kind: 'note';
  readonly text: string;
}
