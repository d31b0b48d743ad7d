import { pathToFileURL } from 'node:url';

const typeScriptFile = /\.m?ts$/;

/**
 * True when this module itself was loaded as TypeScript (tests, `npm run ms-inbox`): a TypeScript loader is
 * active for the whole process, so handler modules import like any other. Compiled (`dist/server`), it is not.
 */
const runningFromSource = typeScriptFile.test(new URL(import.meta.url).pathname);

/**
 * Imports a handler module. Under the compiled runtime a `.ts`/`.mts` module is loaded through tsx's scoped
 * `tsImport`: the TypeScript loader applies to that module and what it imports, not to ms-inbox itself, and tsx
 * is only loaded when a TypeScript handler exists.
 */
export async function importHandlerFile(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  if (runningFromSource || !typeScriptFile.test(file)) {
    return esModuleExports((await import(url)) as Record<string, unknown>);
  }
  const { tsImport } = await import('tsx/esm/api');
  return esModuleExports((await tsImport(url, import.meta.url)) as Record<string, unknown>);
}

/**
 * The module's own exports. A `.ts` file outside a `"type": "module"` package is compiled to CommonJS, and
 * Node's namespace of a CommonJS module puts the whole `module.exports` (marked `__esModule`) under `default`:
 * unwrap it, so `export default defineEndpoint(…)` means the same in either kind of folder.
 */
function esModuleExports(namespace: Record<string, unknown>): Record<string, unknown> {
  const inner = namespace.default;
  if (typeof inner === 'object' && inner !== null && Object.hasOwn(inner, '__esModule')) {
    return { ...namespace, ...(inner as Record<string, unknown>) };
  }
  return namespace;
}
