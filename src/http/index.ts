export { buildHttpApp } from './build-app.js';
export type { ReadinessCheck } from './health-routes.js';
export { createAssigneeDirectory, createAuth } from './auth/index.js';
export type { Auth, UserView } from './auth/index.js';
export type { AccessDeps } from './build-app.js';
export { createMetricsRegistry } from './metrics.js';
