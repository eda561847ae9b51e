/** The label on every incident and bookmark this automation writes; list filters and analysts key on it. */
export const AUTOMATION_LABEL = 'cmdline-ip-hunter';

/** The automation label first, then the configured labels (INCIDENT_LABELS), then the evidence labels (`contacted`, `blocked`, `ti-match`), without duplicates. */
export function incidentLabels(configured: readonly string[], evidenceLabels: readonly string[] = []): string[] {
  return [...new Set([AUTOMATION_LABEL, ...configured, ...evidenceLabels])];
}
