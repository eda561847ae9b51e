/**
 * The scalar functions the engine supports, keyed by the bound function symbol's name (aliases such as `iif` and
 * `notempty` bind to their own names). A call to anything else is rejected with its name and position. Each family
 * lives in `functions/`; a new family is a new file there plus a line here.
 */
import { columnFunctions } from './functions/columnFunctions.js';
import { conditionalFunctions } from './functions/conditionalFunctions.js';
import { conversionFunctions } from './functions/conversionFunctions.js';
import { datetimeFunctions } from './functions/datetimeFunctions.js';
import { dynamicFunctions } from './functions/dynamicFunctions.js';
import { ipv4Functions } from './functions/ipv4Functions.js';
import { mathFunctions } from './functions/mathFunctions.js';
import { regexFunctions } from './functions/regexFunctions.js';
import { stringFunctions } from './functions/stringFunctions.js';
import type { ScalarFunction } from './functions/functionSupport.js';

const FAMILIES = [
  columnFunctions,
  conditionalFunctions,
  conversionFunctions,
  datetimeFunctions,
  dynamicFunctions,
  ipv4Functions,
  mathFunctions,
  regexFunctions,
  stringFunctions,
];

/** Every supported scalar function by name (aggregates are summarize's, in aggregateFunctions.ts). */
export const SCALAR_FUNCTIONS: ReadonlyMap<string, ScalarFunction> = new Map(FAMILIES.flatMap((family) => Object.entries(family)));

/** Names of the supported scalar functions, sorted (the README lists the same set). */
export const SUPPORTED_FUNCTIONS: readonly string[] = [...SCALAR_FUNCTIONS.keys()].sort();
