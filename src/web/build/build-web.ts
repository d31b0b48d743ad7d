import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type InlineConfig } from 'vite';

/** The UI's sources (`src/web`). */
export const webSourceDir = fileURLToPath(new URL('../', import.meta.url));
/** Where the server looks for the built UI (`dist/web`). */
export const defaultWebOutDir = fileURLToPath(new URL('../../../dist/web', import.meta.url));
const stampFile = '.build-stamp';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : name.endsWith('.test.ts') ? [] : [path];
  });
}

/** A hash of every source file and of the Lit and Vite versions: the build is stale when it changes. */
export function webSourceHash(): string {
  const hash = createHash('sha256');
  for (const file of filesUnder(webSourceDir).sort()) {
    hash.update(relative(webSourceDir, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  for (const pkg of ['lit', 'vite']) {
    const manifest = fileURLToPath(new URL(`../../../node_modules/${pkg}/package.json`, import.meta.url));
    hash.update(
      existsSync(manifest)
        ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version
        : '?',
    );
  }
  return hash.digest('hex');
}

const shared = (outDir: string): InlineConfig => ({
  configFile: false,
  root: webSourceDir,
  publicDir: false,
  logLevel: 'warn',
  build: { outDir, target: 'es2022', sourcemap: false, reportCompressedSize: false },
});

/**
 * Builds the admin app (served at `/admin/`) and the self-contained `ms-inbox-status.js` widget (one script tag
 * on any page) into a temporary folder, then swaps it in, so a server never serves a half-written build.
 */
export async function buildWeb(outDir = defaultWebOutDir): Promise<void> {
  const temporary = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  const base = shared(temporary);
  await build({ ...base, base: '/admin/', build: { ...base.build, emptyOutDir: true } });
  await build({
    ...base,
    build: {
      ...base.build,
      emptyOutDir: false,
      lib: {
        entry: join(webSourceDir, 'widget/ms-inbox-status.ts'),
        formats: ['es'],
        fileName: () => 'ms-inbox-status.js',
      },
    },
  });
  writeFileSync(join(temporary, stampFile), webSourceHash());
  const previous = `${outDir}.old-${process.pid}-${Date.now()}`;
  if (existsSync(outDir)) renameSync(outDir, previous);
  renameSync(temporary, outDir);
  rmSync(previous, { recursive: true, force: true });
}

/** Builds the UI unless `outDir` already holds a build of the current sources. */
export async function ensureWebBuilt(outDir = defaultWebOutDir): Promise<'fresh' | 'built'> {
  const stamp = join(outDir, stampFile);
  if (
    existsSync(stamp) &&
    existsSync(join(outDir, 'index.html')) &&
    readFileSync(stamp, 'utf8') === webSourceHash()
  ) {
    return 'fresh';
  }
  await buildWeb(outDir);
  return 'built';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  await buildWeb();
  process.stdout.write(
    `admin UI built into ${relative(process.cwd(), defaultWebOutDir)} in ${Date.now() - started} ms\n`,
  );
}
