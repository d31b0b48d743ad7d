export { buildHttpApp } from './build-app.js';
export type { HttpDeps } from './build-app.js';
export type { ReadinessCheck, ReadinessProbe } from './health-routes.js';
export type { ErrorBody } from './error-handler.js';
