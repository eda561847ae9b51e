/**
 * A Storage connection string as Microsoft documents it ("Configure Azure Storage connection strings"): `key=value` pairs
 * separated by `;`, either `UseDevelopmentStorage=true`, an account key form (`DefaultEndpointsProtocol`, `AccountName`,
 * `AccountKey`, optional `EndpointSuffix` or `TableEndpoint`) or a SAS form (`TableEndpoint` and `SharedAccessSignature`).
 * The forms are told apart as @azure/data-tables does (`extractConnectionStringParts`): a string holding both
 * `DefaultEndpointsProtocol` and `AccountKey` is an account key string; anything else must be a SAS string.
 * Messages name keys, never values: the string holds a secret.
 */

const KNOWN_KEYS = new Map(
  [
    'DefaultEndpointsProtocol',
    'AccountName',
    'AccountKey',
    'EndpointSuffix',
    'SharedAccessSignature',
    'UseDevelopmentStorage',
    'DevelopmentStorageProxyUri',
    ...['Blob', 'Queue', 'Table', 'File'].flatMap((service) => [`${service}Endpoint`, `${service}SecondaryEndpoint`]),
  ].map((key) => [key.toLowerCase(), key]),
);

function isHttpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** Why `text` is not a usable Storage connection string for the Table service; undefined when it is. */
export function storageConnectionStringProblem(text: string): string | undefined {
  const parts = new Map<string, string>();
  for (const element of text.split(';')) {
    if (element.trim() === '') continue;
    const at = element.indexOf('=');
    const key = KNOWN_KEYS.get(element.slice(0, Math.max(at, 0)).trim().toLowerCase());
    if (at <= 0) return 'is not a connection string (expected key=value pairs separated by ";", e.g. DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…)';
    if (key === undefined) return `has an unknown key "${element.slice(0, at).trim().slice(0, 40)}"`;
    parts.set(key, element.slice(at + 1).trim());
  }
  if (parts.has('UseDevelopmentStorage')) {
    return parts.get('UseDevelopmentStorage')!.toLowerCase() === 'true' ? undefined : 'UseDevelopmentStorage must be true when present';
  }
  for (const [key, value] of parts) {
    if (key.endsWith('Endpoint') && !isHttpUrl(value)) return `${key} is not an http(s) URL`;
  }
  const isAccountKeyForm = parts.has('DefaultEndpointsProtocol') && parts.has('AccountKey');
  if (isAccountKeyForm) {
    const protocol = parts.get('DefaultEndpointsProtocol')!.toLowerCase();
    if (protocol !== 'https' && protocol !== 'http') return 'DefaultEndpointsProtocol must be https or http';
    const account = parts.get('AccountName') ?? '';
    if (!/^[a-z0-9]{3,24}$/.test(account)) return 'AccountName is missing or not a storage account name (3 to 24 lower-case letters and digits)';
    const key = parts.get('AccountKey')!;
    if (key === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(key) || key.length % 4 !== 0) return 'AccountKey is not a base64 account key';
    return undefined;
  }
  if (parts.has('AccountKey') || parts.has('AccountName')) {
    if (!parts.has('SharedAccessSignature')) return 'needs DefaultEndpointsProtocol with AccountName and AccountKey (or TableEndpoint with SharedAccessSignature)';
  }
  if (!parts.has('SharedAccessSignature')) return 'has no credentials: give AccountName and AccountKey, or SharedAccessSignature';
  if (!parts.has('TableEndpoint')) return 'a SharedAccessSignature connection string needs TableEndpoint';
  return undefined;
}
