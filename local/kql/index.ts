/** The local KQL engine (dev-only: production code never imports local/). */
export { createKqlEngine, type KqlEngineOptions } from './createKqlEngine.js';
export { compileKqlRegex, translateKqlRegex } from './compileKqlRegex.js';
export { SUPPORTED_FUNCTIONS } from './scalarFunctions.js';
export { formatDatetime, formatTimespan, parseDatetime, toDatetime } from './kqlValues.js';
export type { KqlColumn, KqlEngine, KqlResult, KqlResultTable, KqlRunOptions, KqlType, TableData } from './kqlTypes.js';
