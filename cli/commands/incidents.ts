import { resolve } from 'node:path';
import { InputError } from '../../src/errors.js';
import { createSecurityInsightsClient } from '../../src/sentinel/createSecurityInsightsClient.js';
import { listIncidentsWithEntities, type ListedIncident } from '../../src/sentinel/listIncidentsWithEntities.js';
import { httpDowngradingClient } from '../../local/http/httpDowngradingClient.js';
import { staticTokenCredential } from '../../local/http/staticTokenCredential.js';
import { startSentinelServer } from '../../local/sentinel/startSentinelServer.js';
import type { CliCommand } from '../cliIo.js';
import { parseCliArgs } from '../parseCliArgs.js';

const HELP = `Usage: cmdline-ip-hunter incidents --state DIR [--json]

Starts the local Sentinel server over DIR/sentinel.json (where a local hunt keeps its Sentinel state), reads every
stored incident and its entities through the Sentinel SDK, and prints them as a table, or with --json as an array of
  {"incidentId", "title", "severity", "status", "ip", "entities": [{"kind", ...}]}
`;

/** The file under --state where the local Sentinel server keeps its resources. */
export const SENTINEL_STATE_FILE = 'sentinel.json';

const WORKSPACE = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.OperationalInsights\/workspaces\/([^/]+)\//i;

function entityLabel(entity: { kind: string } & Record<string, unknown>): string {
  const value = entity['address'] ?? entity['hostName'] ?? entity['accountName'] ?? entity['friendlyName'] ?? '?';
  const domain = entity['ntDomain'] ? `${String(entity['ntDomain'])}\\` : '';
  return `${entity.kind}:${domain}${String(value)}`;
}

/** A plain-text table: one row per incident, entities listed compactly. */
export function incidentsTable(incidents: readonly ListedIncident[]): string {
  const rows = incidents.map((i) => [
    String(i.incidentNumber ?? ''),
    i.severity,
    i.status,
    i.ip ?? '-',
    i.title,
    i.entities.map(entityLabel).join(', '),
  ]);
  const header = ['#', 'Severity', 'Status', 'IP', 'Title', 'Entities'];
  const widths = header.map((h, c) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[c]!.length))));
  const line = (cells: string[]) => cells.map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ').trimEnd();
  return [line(header), ...rows.map(line), `${incidents.length} incident${incidents.length === 1 ? '' : 's'}`].join('\n');
}

/** `cmdline-ip-hunter incidents --state DIR [--json]`. */
export const incidentsCommand: CliCommand = async (args, io) => {
  const { values } = parseCliArgs(args, {
    state: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (!values.state) throw new InputError('--state', `is required (the directory of a local run's state)\n\n${HELP}`);
  const stateFile = resolve(io.cwd, values.state, SENTINEL_STATE_FILE);
  const server = await startSentinelServer({ stateFile });
  try {
    const incidents: ListedIncident[] = [];
    for (const base of server.store.workspaces()) {
      const [, subscriptionId, resourceGroup, workspaceName] = WORKSPACE.exec(`${base}/`)!;
      const client = createSecurityInsightsClient(
        { subscriptionId: subscriptionId!, endpoint: server.endpoint, scope: 'https://management.azure.com/.default', apiVersion: '2022-09-01-preview', maxRetries: 0 },
        { credential: staticTokenCredential(), httpClient: httpDowngradingClient() },
      );
      // One by one: a workspace may list more incidents than push(...spread) can take as arguments.
      for (const incident of await listIncidentsWithEntities(client, resourceGroup!, workspaceName!)) incidents.push(incident);
    }
    if (values.json) {
      const json = incidents.map(({ incidentId, title, severity, status, ip, entities }) => ({ incidentId, title, severity, status, ip, entities }));
      io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    } else {
      io.stdout.write(`${incidentsTable(incidents)}\n`);
    }
    return 0;
  } finally {
    await server.close();
  }
};
