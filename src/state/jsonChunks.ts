/** A string property holds at most 64 KiB (32K UTF-16 units); larger JSON is split over data0…dataN. */
const CHUNK_CHARS = 30_000;

/**
 * Stay under the 1 MiB entity limit, where a string counts two bytes per character plus four
 * (https://learn.microsoft.com/azure/storage/tables/scalability-targets; "How the size of an entity is calculated",
 * Microsoft archive blog): 480,000 characters are 960,000 bytes, leaving room for the other properties.
 */
export const MAX_JSON_CHARS = 480_000;

/** Table entity properties holding one JSON text: `chunks` (the count) and `data0…dataN`. */
export type JsonChunks = Record<string, string | number>;

/** Split a JSON text over as many string properties as one table property's size limit requires (at least one). */
export function chunkJson(json: string): JsonChunks {
  const out: JsonChunks = { chunks: Math.ceil(json.length / CHUNK_CHARS) || 1 };
  for (let i = 0; i * CHUNK_CHARS < json.length || i === 0; i++) out[`data${i}`] = json.slice(i * CHUNK_CHARS, (i + 1) * CHUNK_CHARS);
  return out;
}

/** Join the chunks of an entity written by {@link chunkJson} and parse them (an entity without `chunks` has one). */
export function unchunkJson(entity: Record<string, unknown>): unknown {
  const count = Number(entity['chunks'] ?? 1);
  let json = '';
  for (let i = 0; i < count; i++) json += String(entity[`data${i}`] ?? '');
  return JSON.parse(json);
}
