import { LogsQueryResultStatus, type LogsQueryClient } from '@azure/monitor-query-logs';
import { QUERY_NEEDS } from '../requiredPermissions.js';
import { checkFailure } from './checkFailure.js';
import type { DoctorCheck } from './doctorCheck.js';

/** The table the hunt reads process creation events from (Windows Security event 4688). */
const TABLE = 'SecurityEvent';

/** Process creation events of the last day, and how many carry a command line. */
export const COMMAND_LINE_QUERY = `${TABLE}
| where EventID == 4688
| summarize Events = count(), WithCommandLine = countif(isnotempty(CommandLine))`;

/**
 * Query permission on the workspace, and whether the hunted table has process creation events with command lines in the
 * last day: an empty CommandLine in 4688 events means the audit policy "Include command line in process creation events"
 * is off, and the hunt can find nothing.
 */
export async function checkQuery(logs: Pick<LogsQueryClient, 'queryWorkspace'>, workspaceId: string): Promise<DoctorCheck[]> {
  let result;
  try {
    result = await logs.queryWorkspace(workspaceId, COMMAND_LINE_QUERY, { duration: 'P1D' }, { serverTimeoutInSeconds: 60 });
  } catch (error) {
    return [checkFailure('query permission', error, QUERY_NEEDS), { name: 'command lines', status: 'fail', detail: 'not checked: the query failed' }];
  }
  const permission: DoctorCheck = { name: 'query permission', status: 'ok', detail: `queried workspace ${workspaceId}` };
  if (result.status !== LogsQueryResultStatus.Success) {
    return [permission, { name: 'command lines', status: 'warn', detail: `the query came back incomplete (${result.partialError.message}); run doctor again` }];
  }
  const row = result.tables[0]?.rows[0] ?? [];
  const events = Number(row[0] ?? 0);
  const withCommandLine = Number(row[1] ?? 0);
  if (events === 0) {
    return [
      permission,
      {
        name: 'command lines',
        status: 'fail',
        detail: `${TABLE} has no process creation events (4688) in the last day: turn on "Audit Process Creation" and collect Security events (the Windows Security Events connector, Common or All events)`,
      },
    ];
  }
  if (withCommandLine === 0) {
    return [
      permission,
      {
        name: 'command lines',
        status: 'fail',
        detail: `${events} process creation events (4688) in the last day, none with a command line: the audit policy "Include command line in process creation events" is off — turn it on (Group Policy: Administrative Templates > System > Audit Process Creation)`,
      },
    ];
  }
  const share = Math.round((withCommandLine / events) * 100);
  return [
    permission,
    {
      name: 'command lines',
      status: withCommandLine < events ? 'warn' : 'ok',
      detail:
        `${withCommandLine} of ${events} process creation events (4688) in the last day carry a command line (${share}%)` +
        (withCommandLine < events ? ': some hosts have "Include command line in process creation events" off' : ''),
    },
  ];
}
