import { ensureServerBuilt } from '../scripts/build-server.js';
import { ensureWebBuilt } from '../src/web/build/build-web.js';

/**
 * Vitest global setup: builds what changed since the last build, so `npm test` needs no extra step — the admin
 * UI (the browser tests serve it) and the compiled service (`bin/ms-inbox.js` and the compiled-runtime test run it).
 */
export default async function build(): Promise<void> {
  let started = Date.now();
  if ((await ensureWebBuilt()) === 'built') console.log(`admin UI built in ${Date.now() - started} ms`);
  started = Date.now();
  if (ensureServerBuilt() === 'built') console.log(`service compiled in ${Date.now() - started} ms`);
}
