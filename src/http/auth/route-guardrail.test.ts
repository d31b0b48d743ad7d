import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAdminHttpApp, httpAdminToken } from '../../../test/support/pipeline/admin-http-app.js';
import { createTestDatabases } from '../../../test/support/test-databases.js';

const [sqlite] = createTestDatabases();
afterAll(() => sqlite?.dispose());

/** What may answer without credentials: Graph's callbacks, health, sign-in and the static UI files. */
const exempt = (url: string) =>
  url.startsWith('/graph/') ||
  ['/healthz', '/readyz', '/api/auth/login', '/admin', '/admin/', '/admin/*'].includes(url);

interface Route {
  method: string;
  url: string;
  /** What the route declares (`config.access`); unset means read for GET and HEAD, admin otherwise. */
  access?: string;
}

/** Builds the real app, collecting every route as Fastify registers it. */
async function appWithRoutes(): Promise<{ app: FastifyInstance; routes: Route[] }> {
  const routes: Route[] = [];
  const { app } = await buildAdminHttpApp({
    database: sqlite!,
    onRoute: (route: RouteOptions) => {
      const access = (route.config as { access?: string } | undefined)?.access;
      for (const method of [route.method].flat()) routes.push({ method, url: route.url, access });
    },
  });
  return { app, routes };
}

/**
 * The guardrail: calls every non-exempt route without credentials (path parameters filled in) and returns
 * those that did not answer 401. A route outside the access-controlled plugin, or one marked public by mistake,
 * shows up here.
 */
async function unauthenticatedRoutes(app: FastifyInstance, routes: Route[]): Promise<string[]> {
  const open: string[] = [];
  for (const { method, url } of routes) {
    if (exempt(url) || method === 'OPTIONS') continue;
    const path = url.replace(/:\w+/g, 'x').replace(/\*$/, 'x');
    const response = await app.inject({
      method: method as 'GET',
      url: path,
      payload: method === 'GET' || method === 'HEAD' ? undefined : {},
    });
    if (response.statusCode !== 401) open.push(`${method} ${url} → ${response.statusCode}`);
  }
  return open;
}

/** Calls every route that needs the admin role with a viewer's token and returns those that did not answer 403. */
async function routesOpenToViewers(app: FastifyInstance, routes: Route[]): Promise<string[]> {
  const created = await app.inject({
    method: 'POST',
    url: '/api/tokens',
    headers: { authorization: `Bearer ${httpAdminToken}` },
    payload: { name: 'guardrail viewer', role: 'viewer' },
  });
  const viewer = { authorization: `Bearer ${(created.json() as { token: string }).token}` };
  const open: string[] = [];
  for (const { method, url, access } of routes) {
    const needsAdmin =
      access === 'admin' || (access === undefined && !['GET', 'HEAD', 'OPTIONS'].includes(method));
    if (exempt(url) || !needsAdmin) continue;
    const path = url.replace(/:\w+/g, 'x').replace(/\*$/, 'x');
    const response = await app.inject({ method: method as 'GET', url: path, headers: viewer, payload: {} });
    if (response.statusCode !== 403) open.push(`${method} ${url} → ${response.statusCode}`);
  }
  return open;
}

describe('every route requires authentication', () => {
  it('holds for each registered route outside /graph/*, health, sign-in and the UI files', async () => {
    const { app, routes } = await appWithRoutes();
    await app.ready();
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.map((r) => r.url)).toEqual(
      expect.arrayContaining([
        '/api/resources',
        '/api/users',
        '/api/helpdesk/tickets',
        '/api/messages/:id/raw',
        '/api/helpdesk/persons/:id/archive',
        '/api/helpdesk/statuses/:id',
        '/api/alerts/rules/:id',
      ]),
    );
    expect(await unauthenticatedRoutes(app, routes)).toEqual([]);
    await app.close();
  });

  it('lets a viewer call none of the routes that need the admin role (each answers 403)', async () => {
    const { app, routes } = await appWithRoutes();
    await app.ready();
    const adminRoutes = routes.filter((r) => r.url.startsWith('/api/helpdesk/') && r.method !== 'GET');
    expect(adminRoutes.length).toBeGreaterThanOrEqual(16);
    expect(await routesOpenToViewers(app, routes)).toEqual([]);
    await app.close();
  });

  it('fails when a route without authentication is added', async () => {
    const { app, routes } = await appWithRoutes();
    // Registered beside the access-controlled plugin instead of inside it, as a careless change would.
    app.get('/api/debug/config', async () => ({ leaked: true }));
    app.post('/api/debug/reset', async () => ({ ok: true }));
    await app.ready();
    expect(await unauthenticatedRoutes(app, routes)).toEqual([
      'GET /api/debug/config → 200',
      'HEAD /api/debug/config → 200',
      'POST /api/debug/reset → 200',
    ]);
    await app.close();
  });
});

/** A bearer token of the role, made by the configured admin token. */
async function tokenOf(app: FastifyInstance, role: 'agent' | 'viewer'): Promise<string> {
  const created = await app.inject({
    method: 'POST',
    url: '/api/tokens',
    headers: { authorization: `Bearer ${httpAdminToken}` },
    payload: { name: `${role} token`, role },
  });
  expect(created.statusCode).toBe(201);
  return (created.json() as { token: string }).token;
}

describe('ticket actions are for agents and admins, administration for admins only', () => {
  it('answers 403 to a viewer on every ticket action, lets agents and admins through, keeps agents out of administration', async () => {
    const { app, routes } = await appWithRoutes();
    await app.ready();
    const tokens = {
      viewer: await tokenOf(app, 'viewer'),
      agent: await tokenOf(app, 'agent'),
      admin: httpAdminToken,
    };
    const statusOf = async (route: Route, token: string) =>
      (
        await app.inject({
          method: route.method as 'POST',
          url: route.url.replace(/:\w+/g, 'x'),
          headers: { authorization: `Bearer ${token}` },
          payload: {},
        })
      ).statusCode;
    const work = routes.filter((r) => r.access === 'work');
    expect(work.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining([
        'POST /api/helpdesk/tickets/:id/status',
        'POST /api/helpdesk/tickets/:id/type',
        'POST /api/helpdesk/tickets/:id/assignee',
        'POST /api/helpdesk/tickets/:id/notes',
        'POST /api/helpdesk/tickets/:id/replies',
      ]),
    );
    const seen: string[] = [];
    for (const route of work) {
      // Past the access check an empty body or the unknown ticket `x` answers 400 or 404, never 401 or 403.
      for (const [role, token] of Object.entries(tokens)) {
        const status = await statusOf(route, token);
        seen.push(`${role} ${route.method} ${route.url} → ${status === 403 ? 403 : 'allowed'}`);
        expect(status).not.toBe(401);
      }
    }
    expect(seen.filter((s) => s.startsWith('viewer')).every((s) => s.endsWith('403'))).toBe(true);
    expect(seen.filter((s) => !s.startsWith('viewer')).every((s) => s.endsWith('allowed'))).toBe(true);
    const administration = routes.filter(
      (r) =>
        !exempt(r.url) && !['GET', 'HEAD', 'OPTIONS'].includes(r.method) && (r.access ?? 'admin') === 'admin',
    );
    expect(administration.length).toBeGreaterThan(10);
    for (const route of administration)
      expect([route.url, await statusOf(route, tokens.agent)]).toEqual([route.url, 403]);
    await app.close();
  });
});
