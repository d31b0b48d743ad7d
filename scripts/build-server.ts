/** Compiles the service (`src/`, without the UI and the tests) into `dist/server` with tsc. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const sourceDir = join(root, 'src');
export const serverOutDir = join(root, 'dist', 'server');
const stampFile = join(serverOutDir, '.build-stamp');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const notCompiled = /(\.test\.ts$)|(^web\/)/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** A hash of the compiled sources, the two tsconfig files and the TypeScript version. */
export function serverSourceHash(): string {
  const hash = createHash('sha256');
  const sources = filesUnder(sourceDir).filter((f) => !notCompiled.test(relative(sourceDir, f)));
  for (const file of [...sources, join(root, 'tsconfig.json'), join(root, 'tsconfig.build.json')].sort()) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  const typescript = join(root, 'node_modules', 'typescript', 'package.json');
  hash.update(existsSync(typescript) ? readFileSync(typescript) : '?');
  return hash.digest('hex');
}

/** Compiles from scratch (no stale file of a deleted source survives); throws with tsc's output on errors. */
export function buildServer(): void {
  rmSync(serverOutDir, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    rmSync(serverOutDir, { recursive: true, force: true });
    throw new Error(`tsc failed (exit ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
  }
  writeFileSync(stampFile, serverSourceHash());
}

/** Compiles unless `dist/server` already holds a build of the current sources. */
export function ensureServerBuilt(): 'fresh' | 'built' {
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === serverSourceHash()) return 'fresh';
  buildServer();
  return 'built';
}
