import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The folder of ms-inbox's own package.json. The same code runs from `src/` (tests, tsx) and compiled from
 * `dist/server/`, so files beside the package (the built UI, the simulator's fixture mails, package.json) are
 * found from here rather than by a relative path that holds in only one of the two.
 */
function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  cached = dir;
  return dir;
}

/** A path inside the package, e.g. `packagePath('dist', 'web')`. */
export const packagePath = (...segments: string[]): string => join(packageRoot(), ...segments);
