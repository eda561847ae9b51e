import type { EvidenceLabel } from '../evidence/evidence.js';
import { DEFAULT_EVIDENCE_SOURCES, EVIDENCE_SOURCE_NAMES, type EvidenceSourceName } from '../evidence/evidenceSources.js';
import { ConfigError } from '../errors.js';
import {
  formatExclusionProblem,
  parseCidrList,
  parseExclusionRules,
  splitList,
  type ExclusionInput,
} from '../exclusions/exclusionInput.js';
import type { CidrEntry } from '../exclusions/parseCidrEntry.js';
import { queryCallTimeoutMs } from '../hunt/queryCallTimeoutMs.js';
import { resourceGroupNameProblem, tablePrefixProblem, workspaceNameProblem } from './azureNames.js';
import { ncrontabProblem } from './ncrontabProblem.js';
import { DEFAULT_HUNT_SOURCES, HUNT_SOURCES, isHuntSource, type HuntSource } from '../query/huntSources.js';
import { SettingReader, type Settings } from './SettingReader.js';
import { storageConnectionStringProblem } from './storageConnectionStringProblem.js';

/** Processes hunted by default: shells plus the common download and proxy LOLBins (README "Settings"). */
export const DEFAULT_PROCESSES: readonly string[] = Object.freeze([
  'cmd.exe',
  'powershell.exe',
  'pwsh.exe',
  'powershell_ise.exe',
  'certutil.exe',
  'bitsadmin.exe',
  'mshta.exe',
  'regsvr32.exe',
  'rundll32.exe',
  'curl.exe',
  'wget.exe',
  'msiexec.exe',
  'wmic.exe',
  'netsh.exe',
  'ssh.exe',
  'scp.exe',
  'ftp.exe',
  'tftp.exe',
  // Linux and macOS (Defender for Endpoint reports their process creations too): shells, interpreters and network tools.
  'bash',
  'sh',
  'dash',
  'zsh',
  'ksh',
  'curl',
  'wget',
  'nc',
  'ncat',
  'netcat',
  'socat',
  'python',
  'python3',
  'perl',
  'php',
  'ruby',
  'ssh',
  'scp',
  'sftp',
  'telnet',
  'openssl',
]);

/** The queue of on-demand runs when HUNT_QUEUE_NAME is not set. */
export const DEFAULT_QUEUE_NAME = 'hunt-runs';

/** Hourly, on the hour. */
export const DEFAULT_SCHEDULE = '0 0 * * * *';

export type QueryMode = 'hunt' | 'seed';
export type ClosedIncidentPolicy = 'ignore' | 'reopen' | 'new';

/** What the detection core needs: exclusions and the per-finding command-line cap. */
export interface DetectionConfig {
  readonly exclusions: ExclusionInput;
  /** Alias of a Sentinel watchlist whose search-key column holds more addresses/CIDRs to exclude (read every run). */
  readonly exclusionWatchlist: string | undefined;
  readonly maxCommandLinesPerFinding: number;
}

export interface QueryConfig {
  readonly workspaceId: string;
  /** Log Analytics query endpoint including `/v1` (monitor-query-logs uses it verbatim). */
  readonly endpoint: string;
  /** Token scope for Log Analytics (monitor-query-logs ignores `audience`; scopes are what counts). */
  readonly scope: string;
  readonly mode: QueryMode;
  /** Process file names to hunt, lower case; `['*']` hunts every process. */
  readonly processes: readonly string[];
  readonly serverTimeoutSeconds: number;
  /** Process-creation sources to hunt (HUNT_SOURCES), each a leg of the query's union. */
  readonly sources: readonly HuntSource[];
}

export interface WindowConfig {
  /** First run (no checkpoint): how far back to look. */
  readonly firstLookbackMs: number;
  /** No single run covers more than this; a longer backlog is caught up over several runs. */
  readonly maxWindowMs: number;
  /** Windows end this long before now, and start this long before the checkpoint, for late-ingested events. */
  readonly ingestionDelayMs: number;
  /** Bisection of a too-large result stops here. */
  readonly minSplitWindowMs: number;
}

export interface SentinelConfig {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly workspaceName: string;
  readonly endpoint: string;
  readonly scope: string;
  readonly apiVersion: string;
  /** Identifies this detection in deterministic ids and in the automation label. */
  readonly detectionId: string;
  readonly highSeverityHostCount: number;
  readonly indicatorCidrs: readonly CidrEntry[];
  readonly labels: readonly string[];
  /** INCIDENT_HIGH_SEVERITY_EVIDENCE: which evidence makes an incident High (`contacted`, `ti-match`). */
  readonly highSeverityEvidence: readonly EvidenceLabel[];
  readonly closedIncidentPolicy: ClosedIncidentPolicy;
  readonly newIncidentAfterDays: number;
  readonly concurrency: number;
  readonly maxIncidentsPerRun: number;
  readonly maxRetries: number;
}

/** The evidence lookup (issue: connections and threat intelligence behind a finding). */
export interface EvidenceConfig {
  /** EVIDENCE_SOURCES; empty turns the lookup off. */
  readonly sources: readonly EvidenceSourceName[];
  /** EVIDENCE_LEAD: connections count from this long before the finding's first sighting. */
  readonly leadMs: number;
  /** EVIDENCE_LAG: and up to this long after the end of the hunted window. */
  readonly lagMs: number;
  /** EVIDENCE_TI_LOOKBACK: indicators are read this far back from the end (feeds re-ingest them periodically). */
  readonly tiLookbackMs: number;
  /** EVIDENCE_CHUNK_SIZE: addresses per evidence query. */
  readonly chunkSize: number;
  readonly minAllowedConnections: number;
  readonly minIndicatorConfidence: number;
  /**
   * EVIDENCE_RETRY_RUNS: how many later runs retry the lookup for an incident published without its evidence (the
   * lookup failed) before giving up; the IP stays pending meanwhile. 0 never retries.
   */
  readonly retryRuns: number;
}

export interface StateConfig {
  /** A connection string (AzureWebJobsStorage); empty when an identity-based connection is configured. */
  readonly connectionString: string;
  /** Identity-based connection (AzureWebJobsStorage__tableServiceUri or __accountName): the table service URL. */
  readonly tableServiceUrl: string | undefined;
  readonly tablePrefix: string;
  readonly lockDurationMs: number;
  /** Identity-based connection (AzureWebJobsStorage__queueServiceUri or __accountName): the queue service URL. */
  readonly queueServiceUrl: string | undefined;
}

/** Asynchronous on-demand runs: `POST /api/hunt` queues a run that a queue-triggered function carries out. */
export interface AsyncRunsConfig {
  /** The Storage queue of requested runs (its poison queue is `<name>-poison`). */
  readonly queueName: string;
  /** Run records older than this are pruned. */
  readonly retentionMs: number;
  /** Dry runs queued or running at once; more answer 429 (dry runs take no lock, so nothing else bounds them). */
  readonly maxConcurrentDryRuns: number;
}

/** How long a run works, and how often a part of the window that always fails is tried before it is skipped. */
export interface RunConfig {
  /** Past this a run starts no new part of its window and no publish; the next run resumes (HUNT_TIME_BUDGET). */
  readonly timeBudgetMs: number;
  /** Runs that try a part of the window failing the same way before it is skipped (HUNT_MAX_SEGMENT_ATTEMPTS). */
  readonly maxSegmentAttempts: number;
}

/**
 * host.json's `functionTimeout` (the Consumption plan's 10-minute default): the host kills a run at this point, so the
 * time budget must end before it. A test keeps it equal to host.json.
 */
export const FUNCTION_TIMEOUT_MS = 10 * 60_000;

export interface HunterConfig {
  /** The timer's NCRONTAB schedule (the Functions host reads HUNT_SCHEDULE itself; validated here to report it early). */
  readonly schedule: string;
  readonly detection: DetectionConfig;
  readonly query: QueryConfig;
  readonly window: WindowConfig;
  readonly sentinel: SentinelConfig;
  readonly state: StateConfig;
  readonly dryRun: boolean;
  readonly run: RunConfig;
  readonly asyncRuns: AsyncRunsConfig;
  readonly evidence: EvidenceConfig;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function readDetection(r: SettingReader): DetectionConfig {
  const { cidrs, problems } = parseCidrList(r.raw('EXCLUDED_CIDRS') ?? '');
  for (const p of problems) r.problem('EXCLUDED_CIDRS', p);
  let rulesJson: unknown = [];
  const rulesText = r.raw('EXCLUSION_RULES');
  if (rulesText !== undefined) {
    try {
      rulesJson = JSON.parse(rulesText);
    } catch (error) {
      r.problem('EXCLUSION_RULES', `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  const rules = parseExclusionRules(rulesJson, 'EXCLUSION_RULES');
  for (const p of rules.problems) r.problem('EXCLUSION_RULES', formatExclusionProblem(p));
  const watchlist = r.raw('EXCLUSION_WATCHLIST');
  if (watchlist !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(watchlist)) {
    r.problem('EXCLUSION_WATCHLIST', `"${watchlist}" is not a watchlist alias (letters, digits, '-' and '_')`);
  }
  return {
    exclusions: Object.freeze({ cidrs: Object.freeze(cidrs), rules: Object.freeze(rules.rules) }),
    exclusionWatchlist: watchlist,
    maxCommandLinesPerFinding: r.int('FINDING_MAX_COMMAND_LINES', 20, 1, 1000),
  };
}

function readProcesses(r: SettingReader): string[] {
  const text = r.raw('HUNT_PROCESSES');
  if (text === undefined) return [...DEFAULT_PROCESSES];
  const names = splitList(text).map((n) => n.toLowerCase());
  if (names.length === 0) r.problem('HUNT_PROCESSES', 'lists no process');
  for (const name of names) {
    // Names reach the query as escaped literals anyway; this rejects what can never be a file name.
    if (name !== '*' && !/^[\w.\- ]{1,260}$/u.test(name)) r.problem('HUNT_PROCESSES', `"${name}" is not a process file name`);
  }
  return names;
}

function readSources(r: SettingReader): HuntSource[] {
  const text = r.raw('HUNT_SOURCES');
  if (text === undefined) return [...DEFAULT_HUNT_SOURCES];
  const names = [...new Set(splitList(text).map((n) => n.toLowerCase()))];
  if (names.length === 0) r.problem('HUNT_SOURCES', `lists no source (known: ${HUNT_SOURCES.join(', ')})`);
  for (const name of names) if (!isHuntSource(name)) r.problem('HUNT_SOURCES', `"${name}" is not a source (known: ${HUNT_SOURCES.join(', ')})`);
  return names.filter(isHuntSource);
}

function urlSetting(r: SettingReader, name: string, fallback: string): string {
  const value = r.string(name, fallback);
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:') r.problem(name, `"${value}" must be an https:// URL (bearer tokens are refused over http)`);
  } catch {
    r.problem(name, `"${value}" is not a URL`);
  }
  return value.replace(/\/+$/, '');
}

function readSentinel(r: SettingReader): SentinelConfig {
  const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const subscriptionId = r.required('SENTINEL_SUBSCRIPTION_ID', 'the subscription of the Sentinel workspace');
  if (subscriptionId && !guid.test(subscriptionId)) r.problem('SENTINEL_SUBSCRIPTION_ID', `"${subscriptionId}" is not a GUID`);
  const indicators = parseCidrList(r.raw('INCIDENT_INDICATOR_IPS') ?? '');
  for (const p of indicators.problems) r.problem('INCIDENT_INDICATOR_IPS', p);
  const labels = (r.raw('INCIDENT_LABELS') ?? '')
    .split(',')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  for (const label of labels) if (label.length > 256) r.problem('INCIDENT_LABELS', `"${label.slice(0, 20)}…" is longer than 256 characters`);
  return {
    subscriptionId,
    resourceGroup: r.named('SENTINEL_RESOURCE_GROUP', 'the resource group of the Sentinel workspace', resourceGroupNameProblem),
    workspaceName: r.named('SENTINEL_WORKSPACE_NAME', 'the Log Analytics workspace name Sentinel runs on', workspaceNameProblem),
    endpoint: urlSetting(r, 'SENTINEL_ENDPOINT', 'https://management.azure.com'),
    scope: r.string('SENTINEL_SCOPE', 'https://management.azure.com/.default'),
    // Bookmark entityMappings, tactics and techniques exist only in preview api-versions (stable 2024-03-01 … 2025-09-01
    // Bookmarks.json have none; preview 2025-10-01-preview has them): a stable version would silently lose the entities.
    apiVersion: r.matching(
      'SENTINEL_API_VERSION',
      '2022-09-01-preview',
      /^\d{4}-\d{2}-\d{2}-preview$/,
      'a preview api-version like 2022-09-01-preview (stable versions have no bookmark entity mappings, so incidents would get no entities)',
    ),
    detectionId: r.matching('HUNT_DETECTION_ID', 'cmdline-ip-hunter', /^[a-z0-9][a-z0-9-]{0,63}$/, 'a lower-case id of letters, digits and dashes'),
    highSeverityHostCount: r.int('INCIDENT_HIGH_SEVERITY_HOSTS', 3, 1, 100_000),
    indicatorCidrs: Object.freeze(indicators.cidrs),
    labels: Object.freeze(labels),
    highSeverityEvidence: Object.freeze(readList(r, 'INCIDENT_HIGH_SEVERITY_EVIDENCE', 'contacted,ti-match', ['contacted', 'ti-match', 'blocked'] as const)),
    closedIncidentPolicy: r.oneOf<ClosedIncidentPolicy>('INCIDENT_CLOSED_POLICY', 'new', ['ignore', 'reopen', 'new']),
    newIncidentAfterDays: r.int('INCIDENT_NEW_AFTER_DAYS', 7, 0, 3650),
    concurrency: r.int('PUBLISH_CONCURRENCY', 4, 1, 64),
    maxIncidentsPerRun: r.int('PUBLISH_MAX_INCIDENTS_PER_RUN', 50, 1, 10_000),
    maxRetries: r.int('PUBLISH_MAX_RETRIES', 5, 0, 20),
  };
}

/**
 * Table storage for state: the Functions host's own `AzureWebJobsStorage` connection string, or its identity-based form
 * (`AzureWebJobsStorage__tableServiceUri`, or `AzureWebJobsStorage__accountName` for the public cloud).
 */
function readStorage(r: SettingReader): { connectionString: string; tableServiceUrl: string | undefined; queueServiceUrl: string | undefined } {
  const connectionString = r.raw('AzureWebJobsStorage');
  const connectionProblem = connectionString === undefined ? undefined : storageConnectionStringProblem(connectionString);
  if (connectionProblem !== undefined) r.problem('AzureWebJobsStorage', connectionProblem);
  if (connectionString !== undefined) return { connectionString, tableServiceUrl: undefined, queueServiceUrl: undefined };
  const uri = r.raw('AzureWebJobsStorage__tableServiceUri');
  const queueUri = r.raw('AzureWebJobsStorage__queueServiceUri');
  const account = r.raw('AzureWebJobsStorage__accountName');
  // A queue URL is only needed by the asynchronous HTTP runs; its absence is reported when they are used.
  const queueServiceUrl = queueUri !== undefined ? urlSetting(r, 'AzureWebJobsStorage__queueServiceUri', queueUri) : undefined;
  if (uri !== undefined) return { connectionString: '', tableServiceUrl: urlSetting(r, 'AzureWebJobsStorage__tableServiceUri', uri), queueServiceUrl };
  if (account !== undefined) {
    if (!/^[a-z0-9]{3,24}$/.test(account)) r.problem('AzureWebJobsStorage__accountName', `"${account}" is not a storage account name`);
    return {
      connectionString: '',
      tableServiceUrl: `https://${account}.table.core.windows.net`,
      queueServiceUrl: queueServiceUrl ?? `https://${account}.queue.core.windows.net`,
    };
  }
  r.problem('AzureWebJobsStorage', 'is required (Table storage for seen IPs, the checkpoint and the run lock); or set AzureWebJobsStorage__accountName for an identity-based connection');
  return { connectionString: '', tableServiceUrl: undefined, queueServiceUrl };
}

/**
 * Queue names follow the Queue service's rules ("Naming queues and metadata", Azure Storage REST docs): 3–63 lower-case
 * letters, digits and dashes, starting and ending with a letter or digit, no two dashes in a row. The Functions host adds
 * `-poison` for messages it gives up on, so the name itself may have at most 56 characters.
 */
const QUEUE_NAME = /^(?=.{3,56}$)[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$/;

function readQueueName(r: SettingReader): string {
  return r.matching('HUNT_QUEUE_NAME', DEFAULT_QUEUE_NAME, QUEUE_NAME, 'a queue name (3 to 56 lower-case letters, digits and single dashes; the host adds "-poison")');
}

function readAsyncRuns(r: SettingReader): AsyncRunsConfig {
  return {
    queueName: readQueueName(r),
    retentionMs: r.duration('HUNT_RUN_RETENTION', 'P7D', HOUR, 90 * DAY),
    maxConcurrentDryRuns: r.int('HUNT_MAX_CONCURRENT_DRY_RUNS', 2, 1, 50),
  };
}

/** A comma-separated list of allowed values (case-insensitive); `none` or an empty value is the empty list. */
function readList<T extends string>(r: SettingReader, name: string, fallback: string, allowed: readonly T[]): T[] {
  const raw = (r.raw(name) ?? fallback).trim();
  if (raw === '' || raw.toLowerCase() === 'none') return [];
  const values: T[] = [];
  for (const item of raw.split(',').map((v) => v.trim().toLowerCase())) {
    const match = allowed.find((a) => a === item);
    if (match === undefined) r.problem(name, `"${item}" is not one of ${allowed.join(', ')}`);
    else if (!values.includes(match)) values.push(match);
  }
  return values;
}

function readEvidence(r: SettingReader): EvidenceConfig {
  return {
    sources: Object.freeze(readList(r, 'EVIDENCE_SOURCES', DEFAULT_EVIDENCE_SOURCES.join(','), EVIDENCE_SOURCE_NAMES)),
    leadMs: r.duration('EVIDENCE_LEAD', 'PT1H', 0, 30 * DAY),
    lagMs: r.duration('EVIDENCE_LAG', 'PT0S', 0, DAY),
    tiLookbackMs: r.duration('EVIDENCE_TI_LOOKBACK', 'P14D', 0, 365 * DAY),
    chunkSize: r.int('EVIDENCE_CHUNK_SIZE', 500, 1, 5_000),
    minAllowedConnections: r.int('EVIDENCE_MIN_ALLOWED_CONNECTIONS', 1, 1, 1_000_000),
    minIndicatorConfidence: r.int('EVIDENCE_TI_MIN_CONFIDENCE', 0, 0, 100),
    retryRuns: r.int('EVIDENCE_RETRY_RUNS', 12, 0, 1_000),
  };
}

function readWindow(r: SettingReader): WindowConfig {
  return {
    firstLookbackMs: r.duration('HUNT_FIRST_LOOKBACK', 'P1D', MINUTE, 90 * DAY),
    maxWindowMs: r.duration('HUNT_MAX_WINDOW', 'P7D', MINUTE, 90 * DAY),
    ingestionDelayMs: r.duration('HUNT_INGESTION_DELAY', 'PT10M', 0, DAY),
    minSplitWindowMs: r.duration('HUNT_MIN_SPLIT_WINDOW', 'PT1M', 1000, DAY),
  };
}

/**
 * The time budget defaults to two minutes under the function timeout (time to record and release after the last part).
 * A run reads only during the first half of its budget, and starts nothing new once renewing its lock fails; so the lock
 * must at least outlive that half plus a last query still out (its client-side timeout) even if no renewal succeeds:
 * HUNT_LOCK_DURATION > HUNT_TIME_BUDGET / 2 + HUNT_QUERY_TIMEOUT_SECONDS + 30 s.
 */
function readRun(r: SettingReader, query: QueryConfig, state: StateConfig): RunConfig {
  const timeBudgetMs = r.duration('HUNT_TIME_BUDGET', 'PT8M', MINUTE, DAY);
  if (timeBudgetMs >= FUNCTION_TIMEOUT_MS) {
    r.problem('HUNT_TIME_BUDGET', `must end before host.json's functionTimeout (${FUNCTION_TIMEOUT_MS / MINUTE} minutes), which kills the run`);
  }
  const needed = timeBudgetMs / 2 + queryCallTimeoutMs(query);
  if (state.lockDurationMs <= needed) {
    r.problem(
      'HUNT_LOCK_DURATION',
      `must be longer than half of HUNT_TIME_BUDGET plus a query's client-side timeout (HUNT_QUERY_TIMEOUT_SECONDS + 30 s), ${Math.ceil(needed / 1000)} s here, so that a run cannot outlive its lock`,
    );
  }
  return { timeBudgetMs, maxSegmentAttempts: r.int('HUNT_MAX_SEGMENT_ATTEMPTS', 3, 1, 100) };
}

/** The settings the run store and queue need: enough to record a queued run as failed when the rest is broken. */
export interface RunStorageConfig {
  readonly state: Pick<StateConfig, 'connectionString' | 'tableServiceUrl' | 'queueServiceUrl' | 'tablePrefix'>;
  readonly asyncRuns: Pick<AsyncRunsConfig, 'queueName'>;
}

/** Only the storage settings of run records and the run queue; throws ConfigError naming every bad one. */
export function loadRunStorageConfig(settings: Settings): RunStorageConfig {
  const r = new SettingReader(settings);
  const state = { ...readStorage(r), tablePrefix: r.checked('STATE_TABLE_PREFIX', 'cmdlineIpHunter', tablePrefixProblem) };
  const queueName = readQueueName(r);
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return deepFreeze({ state, asyncRuns: { queueName } });
}

/** Only the window settings (a local run checks a requested window before it starts anything); throws ConfigError naming every bad setting. */
export function loadWindowConfig(settings: Settings): WindowConfig {
  const r = new SettingReader(settings);
  const window = readWindow(r);
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return Object.freeze(window);
}

/** Only what `cmdline-ip-hunter detect` needs; throws ConfigError naming every bad setting. */
export function loadDetectionConfig(settings: Settings): DetectionConfig {
  const r = new SettingReader(settings);
  const detection = readDetection(r);
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return Object.freeze(detection);
}

/**
 * Turn app settings (process.env, or local.settings.json Values) into a frozen, typed configuration.
 * Every missing or invalid setting is reported in one ConfigError, each by name and why.
 */
export function loadConfig(settings: Settings): HunterConfig {
  const r = new SettingReader(settings);
  const detection = readDetection(r);
  const workspaceId = r.required('LOG_ANALYTICS_WORKSPACE_ID', 'the workspace (customer) id to query');
  if (workspaceId && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(workspaceId)) {
    r.problem('LOG_ANALYTICS_WORKSPACE_ID', `"${workspaceId}" is not a GUID (use the workspace id, not its name)`);
  }
  const query: QueryConfig = {
    workspaceId,
    endpoint: urlSetting(r, 'LOG_ANALYTICS_ENDPOINT', 'https://api.loganalytics.io/v1'),
    scope: r.string('LOG_ANALYTICS_SCOPE', 'https://api.loganalytics.io/.default'),
    mode: r.oneOf<QueryMode>('HUNT_QUERY', 'hunt', ['hunt', 'seed']),
    processes: Object.freeze(readProcesses(r)),
    serverTimeoutSeconds: r.int('HUNT_QUERY_TIMEOUT_SECONDS', 180, 1, 600),
    sources: Object.freeze(readSources(r)),
  };
  if (query.endpoint && !/\/v1$/.test(query.endpoint)) {
    r.problem('LOG_ANALYTICS_ENDPOINT', `"${query.endpoint}" must end in /v1 (the client uses the endpoint verbatim)`);
  }
  const window = readWindow(r);
  const sentinel = readSentinel(r);
  const state: StateConfig = {
    ...readStorage(r),
    tablePrefix: r.checked('STATE_TABLE_PREFIX', 'cmdlineIpHunter', tablePrefixProblem),
    lockDurationMs: r.duration('HUNT_LOCK_DURATION', 'PT15M', MINUTE, DAY),
  };
  const dryRun = r.bool('PUBLISH_DRY_RUN', false);
  const run = readRun(r, query, state);
  const evidence = readEvidence(r);
  const schedule = r.checked('HUNT_SCHEDULE', DEFAULT_SCHEDULE, (value) => {
    const problem = ncrontabProblem(value);
    return problem && `is not a six-field NCRONTAB expression like "0 0 * * * *": ${problem}`;
  });
  const asyncRuns = readAsyncRuns(r);
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return deepFreeze({ schedule, detection, query, window, sentinel, state, dryRun, run, asyncRuns, evidence });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
