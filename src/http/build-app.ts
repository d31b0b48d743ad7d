import type { Registry } from 'prom-client';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type RouteOptions,
} from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Alerts } from '../alerts/index.js';
import type { AssigneeDirectory, HelpdeskStore } from '../helpdesk/index.js';
import type { Inbox } from '../inbox/index.js';
import { packagePath, type Clock, type Logger } from '../shared/index.js';
import type { Store } from '../store/index.js';
import { registerAdminApi } from './admin/index.js';
import { createAuditRepository, installAuditLog, registerAuditRoutes } from './audit/index.js';
import {
  createAuth,
  installAccessControl,
  registerAccessRoutes,
  registerAuthRoutes,
  type LoginLimits,
} from './auth/index.js';
import { installErrorHandling } from './error-handler.js';
import { registerGraphRoutes } from './graph-routes.js';
import { registerHealthRoutes, type ReadinessProbe } from './health-routes.js';
import { registerWebRoutes } from './web-routes.js';

/** Where `npm run build:web` puts the admin UI. */
const defaultWebRoot = packagePath('dist', 'web');

/** What users, sessions and API tokens are kept in, and how cookies are marked. */
export interface AccessDeps {
  store: Store;
  clock: Clock;
  /** Mark the session cookie Secure (the service is reached over https). */
  secureCookies: boolean;
  loginLimits?: Partial<LoginLimits>;
}

/** What the HTTP edge needs from the rest of the service. */
interface HttpDeps {
  log: Logger;
  readiness: ReadinessProbe;
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes?: number;
  /** The pipeline; without it only health routes exist (a worker-only process has no edge). */
  inbox?: Inbox;
  /** `MS_INBOX_ADMIN_TOKEN`: one admin API token, kept in configuration; null for none. */
  adminToken?: string | null;
  /** Users, sessions and tokens; required with `inbox`. */
  access?: AccessDeps;
  /** Folder of the built admin UI (default `dist/web`). */
  webRoot?: string;
  /** Sees every route as it is registered (the access guardrail test lists them with it). */
  onRoute?: (route: RouteOptions) => void;
  /** The built-in helpdesk, for its admin routes. */
  helpdesk?: HelpdeskStore | null;
  /** Whom tickets can be assigned to (`createAssigneeDirectory`); required with `helpdesk`. */
  assignees?: AssigneeDirectory | null;
  /** Alert rules and episodes, for their admin routes. */
  alerts?: Alerts | null;
  /** Prometheus registry served at `/metrics` (authenticated like the admin API). */
  metrics?: Registry | null;
}

/** Builds the Fastify app without listening, so tests can `inject()` and `main` can `listen()`. */
export async function buildHttpApp(deps: HttpDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    // Per-request lines would double the cost of the notification hot path; errors are logged by our handler.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.bodyLimitBytes ?? 1024 * 1024,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    },
  });
  if (deps.onRoute) app.addHook('onRoute', deps.onRoute);
  installErrorHandling(app);
  registerHealthRoutes(app, { readiness: deps.readiness });
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  if (deps.inbox) {
    const { inbox, access } = deps;
    if (!access) throw new Error('buildHttpApp: the admin API needs access (store, clock)');
    const auth = createAuth({
      store: access.store,
      clock: access.clock,
      configuredAdminToken: deps.adminToken ?? null,
      secureCookies: access.secureCookies,
      loginLimits: access.loginLimits,
    });
    // Graph must reach these without credentials (DESIGN §2); they check clientState instead.
    registerGraphRoutes(app, { notifications: inbox.intake, lifecycle: inbox.lifecycle });
    // Every route registered inside this plugin passes the access hook: add new routes here, never beside it.
    const audit = createAuditRepository(access.store);
    await app.register(async (secured) => {
      installAccessControl(secured, auth);
      installAuditLog(secured, { audit, clock: access.clock, log: deps.log });
      // The admin API first: its OpenAPI collector then also lists the sign-in and access routes.
      await registerAdminApi(secured, {
        inbox,
        helpdesk: deps.helpdesk ?? null,
        assignees: deps.assignees ?? null,
        alerts: deps.alerts ?? null,
      });
      registerAuthRoutes(secured, auth);
      registerAccessRoutes(secured, auth);
      registerAuditRoutes(secured, audit);
      if (deps.metrics) {
        const registry = deps.metrics;
        secured.get('/metrics', async (_request, reply) =>
          reply.type(registry.contentType).send(await registry.metrics()),
        );
      }
      registerWebRoutes(secured, { webRoot: deps.webRoot ?? defaultWebRoot });
    });
  }
  return app;
}
