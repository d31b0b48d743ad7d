export { buildHttpApp } from './build-app.js';
export type { HttpDeps } from './build-app.js';
export type { ReadinessCheck, ReadinessProbe } from './health-routes.js';
export type { ErrorBody } from './error-handler.js';
export { createAssigneeDirectory, createAuth, minimumPasswordLength } from './auth/index.js';
export type { Auth, UserView, GroupView, ApiTokenView } from './auth/index.js';
export type { AccessDeps } from './build-app.js';
export { createMetricsRegistry } from './metrics.js';
export type { MetricsSources } from './metrics.js';
