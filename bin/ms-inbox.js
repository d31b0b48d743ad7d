#!/usr/bin/env node
// Runs the compiled service (dist/server, built by `npm install`, `npm run build` or `npm start`). A checkout
// that was never built runs its TypeScript sources through tsx instead, so the command works either way.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/server/main.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/main.ts', import.meta.url).href);
}
