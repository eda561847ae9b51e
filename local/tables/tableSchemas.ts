import { SECURITY_EVENT_COLUMNS } from './securityEventSchema.js';
import type { KqlColumn } from '../kql/kqlTypes.js';

/** The tables the local workspace knows, by name. */
export const TABLE_SCHEMAS: Readonly<Record<string, readonly KqlColumn[]>> = Object.freeze({
  SecurityEvent: SECURITY_EVENT_COLUMNS,
});
