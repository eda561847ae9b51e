/**
 * The process-creation sources a hunt can read, and the workspace tables each one reads. The hunting query is a fuzzy
 * union with one leg per source (queries/hunt.kql); a source whose tables are all missing from the workspace is skipped.
 */
export const HUNT_SOURCES = ['securityevent', 'defender', 'sysmon', 'asim'] as const;

export type HuntSource = (typeof HUNT_SOURCES)[number];

/** Hunted when HUNT_SOURCES is not set. ASIM is opt-in: its parser normalises the same tables again (README "Sources"). */
export const DEFAULT_HUNT_SOURCES: readonly HuntSource[] = Object.freeze(['securityevent', 'defender', 'sysmon']);

/**
 * The tables (or, for ASIM, the unifying parser function) each source's leg reads.
 * - securityevent: Windows Security event 4688 (https://learn.microsoft.com/azure/azure-monitor/reference/tables/securityevent)
 * - defender: Microsoft Defender for Endpoint process events, Windows, Linux and macOS
 *   (https://learn.microsoft.com/azure/azure-monitor/reference/tables/deviceprocessevents)
 * - sysmon: Sysmon event 1 collected by the Log Analytics agent into `Event` (EventData as XML text) or by the Azure
 *   Monitor Agent into `WindowsEvent` (EventData as a dynamic bag)
 *   (https://learn.microsoft.com/azure/azure-monitor/reference/tables/event, …/tables/windowsevent)
 * - asim: the ASIM process-creation parser (https://learn.microsoft.com/azure/sentinel/normalization-schema-process-event)
 */
export const SOURCE_TABLES: Readonly<Record<HuntSource, readonly string[]>> = Object.freeze({
  securityevent: ['SecurityEvent'],
  defender: ['DeviceProcessEvents'],
  sysmon: ['Event', 'WindowsEvent'],
  asim: ['_Im_ProcessCreate'],
});

/** True for a known source name. */
export function isHuntSource(name: string): name is HuntSource {
  return (HUNT_SOURCES as readonly string[]).includes(name);
}

/** Which configured sources a run read, and which it skipped because none of their tables exist in the workspace. */
export interface SourceCoverage {
  readonly hunted: readonly HuntSource[];
  readonly skipped: readonly HuntSource[];
  /** Tables the workspace lacks (a source with one of two tables missing is still hunted). */
  readonly missingTables: readonly string[];
}

/** The coverage of a run over `sources`, given the tables the query reported missing. */
export function sourceCoverage(sources: readonly HuntSource[], missingTables: readonly string[]): SourceCoverage {
  const missing = new Set(missingTables);
  const skipped = sources.filter((s) => SOURCE_TABLES[s].every((t) => missing.has(t)));
  return { hunted: sources.filter((s) => !skipped.includes(s)), skipped, missingTables: [...missingTables] };
}

/** The tables the query's union legs read for `sources` (the fuzzy tables a missing-table warning may name). */
export function sourceTables(sources: readonly HuntSource[]): string[] {
  return sources.flatMap((s) => SOURCE_TABLES[s]);
}
