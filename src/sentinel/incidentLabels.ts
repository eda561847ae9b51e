/** The label on every incident and bookmark this automation writes; list filters and analysts key on it. */
export const AUTOMATION_LABEL = 'cmdline-ip-hunter';

/** The automation label first, then the configured labels (INCIDENT_LABELS), without duplicates. */
export function incidentLabels(configured: readonly string[]): string[] {
  return [...new Set([AUTOMATION_LABEL, ...configured])];
}
