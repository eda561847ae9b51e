import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../src/errors.js';

/** node:util parseArgs with strict checking, its errors turned into InputErrors that name the option. */
export function parseCliArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const option = /'(--?[\w-]+)/.exec(message)?.[1] ?? 'arguments';
    throw new InputError(option, message.replace(/^Unknown option '[^']+'\.?\s*/, 'unknown option. '));
  }
}
