#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so handler modules written in TypeScript need no build step either.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/main.ts', import.meta.url).href);
