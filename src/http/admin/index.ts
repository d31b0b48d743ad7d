import type { FastifyInstance } from 'fastify';
import type { HelpdeskStore } from '../../helpdesk/index.js';
import type { Inbox } from '../../inbox/index.js';
import { requireAdminToken } from '../admin-auth.js';
import { registerHelpdeskRoutes } from './helpdesk-routes.js';
import { registerMessageRoutes } from './message-routes.js';
import { collectOpenApi } from './openapi.js';
import { registerOperationsRoutes } from './operations-routes.js';
import { registerResourceRoutes } from './resource-routes.js';

/** The admin API under `/api`: every route requires the admin token; OpenAPI at `/api/openapi.json`. */
export async function registerAdminApi(
  app: FastifyInstance,
  deps: { inbox: Inbox; adminToken: string | null; helpdesk?: HelpdeskStore | null },
) {
  const openApi = collectOpenApi(app, { title: 'ms-inbox admin API', version: '1' });
  await app.register(async (admin) => {
    requireAdminToken(admin, deps.adminToken);
    registerResourceRoutes(admin, deps.inbox);
    registerMessageRoutes(admin, deps.inbox, deps.helpdesk ?? null);
    if (deps.helpdesk) registerHelpdeskRoutes(admin, deps.helpdesk);
    registerOperationsRoutes(admin, deps.inbox);
    admin.get('/api/openapi.json', async () => openApi());
  });
}
