/**
 * Builds what `ms-inbox` runs: the service compiled into `dist/server` and the admin UI into `dist/web`.
 * `--if-stale` skips each part whose sources have not changed since its last build (npm's prepare/prestart).
 */
import { buildWeb, ensureWebBuilt } from '../src/web/build/build-web.js';
import { buildServer, ensureServerBuilt } from './build-server.js';

const ifStale = process.argv.includes('--if-stale');

try {
  let started = Date.now();
  const server = ifStale ? ensureServerBuilt() : (buildServer(), 'built');
  console.log(
    server === 'built'
      ? `service compiled into dist/server in ${Date.now() - started} ms`
      : 'dist/server is up to date',
  );
  started = Date.now();
  const web = ifStale ? await ensureWebBuilt() : (await buildWeb(), 'built');
  console.log(
    web === 'built' ? `admin UI built into dist/web in ${Date.now() - started} ms` : 'dist/web is up to date',
  );
} catch (error) {
  console.error('build failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
