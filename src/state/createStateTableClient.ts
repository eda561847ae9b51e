import { TableClient } from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';
import { addClientPolicies } from '../addClientPolicies.js';
import { ConfigError } from '../errors.js';
import { TABLE_REQUEST_TIMEOUT_MS } from '../serviceTimeouts.js';

export interface StateTableOptions {
  /** `AzureWebJobsStorage`-style connection string (Azurite's long or `UseDevelopmentStorage=true` form included). */
  readonly connectionString?: string;
  /** Or an identity-based connection: the table service URL plus a credential. */
  readonly tableServiceUrl?: string;
  readonly credential?: TokenCredential;
  readonly tableName: string;
  /** Client-side limit on each attempt, response body included; default TABLE_REQUEST_TIMEOUT_MS. */
  readonly requestTimeoutMs?: number;
}

/** The setting a connection string comes from (the Functions host's own storage connection). */
const CONNECTION_SETTING = 'AzureWebJobsStorage';
const URL_SETTING = 'AzureWebJobsStorage__tableServiceUri';

/**
 * Build the TableClient for the state table; http endpoints (Azurite) are allowed explicitly.
 * A missing or unusable connection is a configuration fault, so it throws ConfigError naming the setting
 * (the SDK's parse errors never echo the connection string, which may hold an account key). Each attempt of a call is
 * bounded on the client side (requestTimeoutPolicy), so a stalled answer cannot hold a run past its lock. A send that met
 * a connection the service had closed goes again within its attempt (retryBrokenConnectionPolicy); transactions
 * (`submitTransaction`) go through this same pipeline.
 */
export function createStateTableClient(options: StateTableOptions): TableClient {
  const client = connectTableClient(options);
  addClientPolicies(client.pipeline, 'Table storage', options.requestTimeoutMs ?? TABLE_REQUEST_TIMEOUT_MS);
  return client;
}

function connectTableClient(options: StateTableOptions): TableClient {
  if (options.connectionString) {
    const insecure = /DefaultEndpointsProtocol=http;|TableEndpoint=http:|UseDevelopmentStorage=true/i.test(options.connectionString);
    try {
      return TableClient.fromConnectionString(options.connectionString, options.tableName, { allowInsecureConnection: insecure });
    } catch (error) {
      throw new ConfigError([{ setting: CONNECTION_SETTING, message: `is not a usable Table storage connection string (${(error as Error).message})` }]);
    }
  }
  if (options.tableServiceUrl && options.credential) {
    try {
      return new TableClient(options.tableServiceUrl, options.tableName, options.credential);
    } catch (error) {
      throw new ConfigError([{ setting: URL_SETTING, message: `is not a usable table service URL (${(error as Error).message})` }]);
    }
  }
  throw new ConfigError([
    { setting: CONNECTION_SETTING, message: 'Table storage needs a connection string, or a table service URL with a credential' },
  ]);
}
