/**
 * Service limits the publisher stays within. Source: "Service limits for Microsoft Sentinel"
 * (learn.microsoft.com/azure/sentinel/sentinel-service-limits, 2025-03) and the analytics-rule entity mapping rules
 * (map-data-fields-to-entities), which bookmarks share ("the full set of entity types and identifiers supported by
 * Microsoft Sentinel Analytics").
 */
export const SENTINEL_LIMITS = Object.freeze({
  /** Entity mappings per rule (and, by the same engine, per bookmark). */
  entityMappings: 10,
  /** Identifiers (field mappings) per entity mapping. */
  identifiersPerEntity: 3,
  /**
   * Characters in a bookmark's query result: our own bound, as the Bookmarks API sets none (Bookmarks.json,
   * BookmarkProperties.queryResult); a compact record the portal can show.
   */
  bookmarkQueryResultChars: 10_000,
  /** Characters in an incident description. */
  descriptionChars: 5_000,
  /** Characters per incident comment. */
  commentChars: 30_000,
  /** Comments per incident. */
  commentsPerIncident: 100,
  /** Bookmarks per incident. */
  bookmarksPerIncident: 20,
  /** Incidents returned by one list request (`$top` maximum). */
  listTop: 1_000,
});
