export { createAuth } from './create-auth.js';
export { createAssigneeDirectory } from './assignee-directory.js';
export type { Auth } from './create-auth.js';
export { installAccessControl, principalOf } from './access-control.js';
export { registerAuthRoutes } from './auth-routes.js';
export { registerAccessRoutes } from './access-routes.js';
export type { UserView } from './user-service.js';
export type { LoginLimits } from './login-throttle.js';
