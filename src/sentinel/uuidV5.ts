import { createHash } from 'node:crypto';

/** RFC 4122 URL namespace, the conventional namespace for names that are paths or URLs. */
export const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/**
 * A name-based UUID (RFC 4122 §4.3, version 5, SHA-1): the same namespace and name always give the same id,
 * which is what makes reruns of the publisher update resources instead of duplicating them.
 */
export function uuidV5(name: string, namespace: string = URL_NAMESPACE): string {
  const namespaceHex = namespace.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(namespaceHex)) throw new TypeError(`uuidV5: namespace "${namespace}" is not a UUID`);
  const hash = createHash('sha1').update(Buffer.from(namespaceHex, 'hex')).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
