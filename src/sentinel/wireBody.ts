/**
 * The ARM wire form of an SDK model, as the SDK's serializer sends it for the models the publisher builds:
 * `etag` at the top level, everything else under `properties`, dates as ISO strings, undefined fields left out.
 * Used for dry runs, so the returned payloads are what a real run would send.
 */
export function wireBody(model: object): { etag?: string; properties: Record<string, unknown> } {
  const { etag, id: _id, name: _name, type: _type, systemData: _systemData, ...properties } = model as Record<string, unknown>;
  const body = JSON.parse(JSON.stringify({ properties })) as { properties: Record<string, unknown> };
  return typeof etag === 'string' ? { etag, ...body } : body;
}
