// Module hooks that let a child process of a test run the repository's TypeScript sources as they are (no build):
// a relative `.js` import that has a `.ts` file beside it resolves to that file, and `.ts` files are transpiled with
// the TypeScript compiler the project already uses (types are erased; no type checking here, `tsc --noEmit` does that).
// Transpiled files are cached under the system's temporary folder by a hash of their text, so that the second child
// process of a test run starts without loading the compiler.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CACHE = path.join(os.tmpdir(), 'cmdline-ip-hunter-ts-cache');
let typescript;

export async function resolve(specifier, context, nextResolve) {
  if (specifier.endsWith('.js') && (specifier.startsWith('.') || specifier.startsWith('file:')) && context.parentURL?.startsWith('file:')) {
    const url = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (existsSync(fileURLToPath(url))) return { url: url.href, shortCircuit: true, format: 'module' };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.endsWith('.ts')) return nextLoad(url, context);
  const file = fileURLToPath(url);
  const text = readFileSync(file, 'utf8');
  const cached = path.join(CACHE, `${createHash('sha256').update(file).update('\0').update(text).digest('hex')}.js`);
  if (existsSync(cached)) return { format: 'module', source: readFileSync(cached, 'utf8'), shortCircuit: true };
  typescript ??= (await import('typescript')).default;
  const { outputText } = typescript.transpileModule(text, {
    fileName: file,
    compilerOptions: { module: typescript.ModuleKind.ESNext, target: typescript.ScriptTarget.ES2022, inlineSourceMap: true, verbatimModuleSyntax: true },
  });
  // Written under a name of its own, then renamed: another process reading the cache never sees half a file.
  mkdirSync(CACHE, { recursive: true });
  const partial = `${cached}.${process.pid}`;
  writeFileSync(partial, outputText);
  renameSync(partial, cached);
  return { format: 'module', source: outputText, shortCircuit: true };
}
