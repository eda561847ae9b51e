import type { EntityUnion, SecurityInsights } from '@azure/arm-securityinsight';

/** One incident as the `incidents` command lists it (not the per-IP incident line of a hunt summary, `IncidentSummary`). */
export interface ListedIncident {
  readonly incidentId: string;
  readonly incidentNumber?: number;
  readonly title: string;
  readonly severity: string;
  readonly status: string;
  /** The address of the incident's first IP entity, or null when it has none. */
  readonly ip: string | null;
  readonly labels: readonly string[];
  readonly entities: readonly ({ kind: string } & Record<string, unknown>)[];
}

/** Entity fields worth showing: the identifying ones, without ARM bookkeeping. */
function entitySummary(entity: EntityUnion): { kind: string } & Record<string, unknown> {
  const { id: _id, name: _name, type: _type, systemData: _systemData, additionalData: _additional, kind, ...rest } = entity as EntityUnion &
    Record<string, unknown>;
  return { kind, ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) };
}

/**
 * Every incident of a workspace with its entities, through the SDK: the list (following nextLink) and one
 * `POST incidents/{id}/entities` per incident. Ordered by incident number.
 */
export async function listIncidentsWithEntities(
  client: SecurityInsights,
  resourceGroup: string,
  workspaceName: string,
  options: { filter?: string } = {},
): Promise<ListedIncident[]> {
  const summaries: ListedIncident[] = [];
  for await (const incident of client.incidents.list(resourceGroup, workspaceName, options.filter ? { filter: options.filter } : {})) {
    const incidentId = incident.name!;
    const { entities = [] } = await client.incidents.listEntities(resourceGroup, workspaceName, incidentId);
    const summarized = entities.map(entitySummary);
    const ip = summarized.find((e) => e.kind === 'Ip')?.['address'];
    summaries.push({
      incidentId,
      ...(incident.incidentNumber !== undefined ? { incidentNumber: incident.incidentNumber } : {}),
      title: incident.title ?? '',
      severity: incident.severity ?? '',
      status: incident.status ?? '',
      ip: typeof ip === 'string' ? ip : null,
      labels: (incident.labels ?? []).map((l) => l.labelName),
      entities: summarized,
    });
  }
  return summaries.sort((a, b) => (a.incidentNumber ?? 0) - (b.incidentNumber ?? 0));
}
