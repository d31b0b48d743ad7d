import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { HandlerModuleInvalid, HandlerModuleLoadFailed } from '../errors/index.js';
import { defineEndpoint, isEndpointDefinition, type AnyEndpoint } from './endpoint.js';
import { importHandlerFile } from './import-handler-file.js';

/** A loaded handler module: where it came from and the endpoints it exports. */
export interface HandlerModule {
  source: string;
  endpoints: readonly AnyEndpoint[];
}

const handlerFile = /\.(ts|mts|js|mjs)$/;
const notHandlerFile = /(\.d\.ts|\.(test|spec)\.[mc]?[jt]s)$/;

/**
 * Imports handler modules: every `*.ts`/`*.js` of a folder (not tests, not declarations, in name order), or
 * the listed module paths, relative to `cwd`. TypeScript loads without a build step (`importHandlerFile`).
 */
export async function loadHandlerModules(
  from: string | readonly string[],
  options: { cwd?: string } = {},
): Promise<HandlerModule[]> {
  const cwd = options.cwd ?? process.cwd();
  const paths = (typeof from === 'string' ? [from] : [...from]).map((p) => resolve(cwd, p));
  const modules: HandlerModule[] = [];
  for (const path of paths) {
    for (const file of await filesOf(path)) modules.push(await loadHandlerModule(file));
  }
  return modules;
}

/** Imports one module and collects the endpoints among its exports (default or named, alone or in arrays). */
export async function loadHandlerModule(file: string): Promise<HandlerModule> {
  let exports: Record<string, unknown>;
  try {
    exports = await importHandlerFile(file);
  } catch (error) {
    throw HandlerModuleLoadFailed.create({ source: file, reason: reasonOf(error) }, { cause: error });
  }
  const candidates = new Set(
    Object.values(exports).flatMap((value) => (Array.isArray(value) ? value : [value])),
  );
  const endpoints = [...candidates].filter(isEndpointDefinition).map((d) => defineEndpoint(d, file));
  if (endpoints.length === 0) throw HandlerModuleInvalid.create({ source: file });
  return { source: file, endpoints };
}

async function filesOf(path: string): Promise<string[]> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    throw HandlerModuleLoadFailed.create({ source: path, reason: reasonOf(error) }, { cause: error });
  }
  if (!isDirectory) return [path];
  const names = await readdir(path);
  return names
    .filter((name) => handlerFile.test(name) && !notHandlerFile.test(name))
    .sort()
    .map((name) => join(path, name));
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
