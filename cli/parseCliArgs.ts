import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../src/errors.js';

/** node:util parseArgs (strict, no positionals), its errors turned into InputErrors that name the option. */
export function parseCliArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new InputError(/'(--?[\w-]+)/.exec(message)?.[1] ?? 'arguments', message);
  }
}
