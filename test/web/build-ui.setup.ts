import { ensureWebBuilt } from '../../src/web/build/build-web.js';

/** Vitest global setup: builds the admin UI once when its sources changed, so `npm test` needs no extra step. */
export default async function buildUi(): Promise<void> {
  const started = Date.now();
  if ((await ensureWebBuilt()) === 'built') console.log(`admin UI built in ${Date.now() - started} ms`);
}
