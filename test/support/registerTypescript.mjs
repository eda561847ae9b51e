// `node --import ./test/support/registerTypescript.mjs file.ts`: run TypeScript sources in a child process of a test.
import { register } from 'node:module';

register('./typescriptHooks.mjs', import.meta.url);
