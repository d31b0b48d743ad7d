import { accessSync, constants, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

/** Why a file could not be read, in words an operator can act on. */
export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied (the service user needs read access)';
  if (code === 'EISDIR') return 'is a directory, not a file';
  return error instanceof Error ? error.message : String(error);
}

/** Names a path as the operator wrote it, saying what a relative one is relative to. */
function describePath(path: string, cwd: string): string {
  return isAbsolute(path) ? path : `${path} (relative to ${cwd})`;
}

/** Reads a file holding one secret, trimmed; relative paths are resolved against `cwd`. */
export function readSecretFile(
  path: string,
  cwd: string,
): { value: string; failure?: undefined } | { value?: undefined; failure: string } {
  try {
    return { value: readFileSync(resolve(cwd, path), 'utf8').trim() };
  } catch (error) {
    return { failure: `cannot read ${describePath(path, cwd)}: ${describeFileError(error)}` };
  }
}

/** Returns why `path` cannot be read, or undefined when it can. */
export function findUnreadable(path: string, cwd: string): string | undefined {
  try {
    accessSync(resolve(cwd, path), constants.R_OK);
    return undefined;
  } catch (error) {
    return `cannot read ${describePath(path, cwd)}: ${describeFileError(error)}`;
  }
}
