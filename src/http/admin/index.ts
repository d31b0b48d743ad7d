import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Alerts } from '../../alerts/index.js';
import {
  createTicketActions,
  createTicketReply,
  type AssigneeDirectory,
  type HelpdeskStore,
} from '../../helpdesk/index.js';
import type { Inbox } from '../../inbox/index.js';
import { registerAlertRoutes } from './alert-routes.js';
import { registerAutoReplyRoutes } from './auto-reply-routes.js';
import { registerHelpdeskRoutes } from './helpdesk-routes.js';
import { registerMessageRoutes } from './message-routes.js';
import { collectOpenApi } from './openapi.js';
import { registerOperationsRoutes } from './operations-routes.js';
import { registerRawMessageRoute } from './raw-message-route.js';
import { registerReferenceDataRoutes } from './reference-data-routes.js';
import { registerResourceRoutes } from './resource-routes.js';
import { registerTicketActionRoutes } from './ticket-action-routes.js';

/**
 * The admin API under `/api`; OpenAPI at `/api/openapi.json`. Register it inside the access-controlled plugin:
 * every route then requires a session or an API token (GET: any role; ticket actions: agent or admin; other
 * changes: admin).
 */
export async function registerAdminApi(
  app: FastifyInstance,
  deps: {
    inbox: Inbox;
    helpdesk?: HelpdeskStore | null;
    assignees?: AssigneeDirectory | null;
    alerts?: Alerts | null;
  },
) {
  const openApi = collectOpenApi(app, { title: 'ms-inbox admin API', version: '1' });
  await app.register(async (admin) => {
    // The status summary is for the groups chosen in Settings (the seed's "Status Addon"), not every viewer.
    admin.addHook('onRoute', (route: RouteOptions) => {
      if (route.url.startsWith('/api/status/')) route.config = { access: 'status', ...route.config };
    });
    registerResourceRoutes(admin, deps.inbox);
    registerAutoReplyRoutes(admin, deps.inbox);
    registerMessageRoutes(admin, deps.inbox, deps.helpdesk ?? null);
    registerRawMessageRoute(admin, deps.inbox);
    if (deps.helpdesk) {
      if (!deps.assignees) throw new Error('registerAdminApi: the helpdesk routes need assignees');
      registerHelpdeskRoutes(admin, deps.helpdesk);
      const { store, clock, graphFor, config } = deps.inbox.deps;
      registerTicketActionRoutes(admin, {
        helpdesk: deps.helpdesk,
        db: store.db,
        actions: createTicketActions({ store, clock, assignees: deps.assignees }),
        reply: createTicketReply({ store, clock, graphFor, dataDir: config.server.dataDir }),
      });
    }
    if (deps.helpdesk) registerReferenceDataRoutes(admin, deps.helpdesk);
    registerOperationsRoutes(admin, deps.inbox);
    if (deps.alerts) registerAlertRoutes(admin, deps.alerts);
    admin.get('/api/openapi.json', async () => openApi());
  });
}
