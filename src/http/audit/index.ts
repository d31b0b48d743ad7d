export { installAuditLog } from './audit-hook.js';
export { registerAuditRoutes } from './audit-routes.js';
export { createAuditRepository } from './audit-repository.js';
export type { AuditEntry } from './audit-repository.js';
