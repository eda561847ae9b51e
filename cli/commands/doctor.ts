import { parseIsoDuration } from '../../src/config/isoDuration.js';
import { anyFailed, type DoctorCheck } from '../../src/doctor/doctorCheck.js';
import { runDoctor, type DoctorOptions } from '../../src/doctor/runDoctor.js';
import { InputError } from '../../src/errors.js';
import type { CliCommand } from '../cliIo.js';
import { formatTable } from '../formatTable.js';
import { parseCliArgs } from '../parseCliArgs.js';

const HELP = `Usage: cmdline-ip-hunter doctor [--local] [--write-test] [--entity-timeout PT10M] [--json]

The first-run self-check. Checks the app settings (from the environment), a token for each scope, query permission on
the workspace, process creation events with command lines in the last day, Sentinel read and the api-version, the
exclusion watchlist, and state storage read/write; each ok, warn or fail with what to do.
  --write-test          also create a labelled test bookmark, incident and relation for 192.0.2.1, wait until the IP
                        entity appears on the incident (or --entity-timeout passes), then delete them
  --entity-timeout D    ISO-8601 duration to wait for the entity (default PT10M; Sentinel can take minutes)
  --local               check the embedded local workspace instead of Azure
  --json                print {"checks": [{"name", "status", "detail"}]}
The exit status is 1 when a check fails.
`;

/** `cmdline-ip-hunter doctor`: run the self-check and print its checks. */
export const doctorCommand: CliCommand = async (args, io) => {
  const { values } = parseCliArgs(args, {
    local: { type: 'boolean', default: false },
    'write-test': { type: 'boolean', default: false },
    'entity-timeout': { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const timeout = values['entity-timeout'];
  const entityTimeoutMs = timeout === undefined ? undefined : parseIsoDuration(timeout);
  if (timeout !== undefined && entityTimeoutMs === undefined) throw new InputError('--entity-timeout', `"${timeout}" is not an ISO-8601 duration (e.g. PT10M)`);
  const run = (options: DoctorOptions) =>
    runDoctor({ ...options, writeTest: values['write-test'], ...(entityTimeoutMs !== undefined ? { entityTimeoutMs } : {}) });
  let checks: DoctorCheck[];
  if (values.local) {
    const { runLocalDoctor } = await import('../../local/runLocalDoctor.js');
    checks = await runLocalDoctor(run);
  } else {
    checks = await run({ env: io.env });
  }
  if (values.json) io.stdout.write(`${JSON.stringify({ checks }, null, 2)}\n`);
  else io.stdout.write(`${formatTable(['Check', 'Status', 'Detail'], checks.map((c) => [c.name, c.status, c.detail]), 120)}\n`);
  return anyFailed(checks) ? 1 : 0;
};
