import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAdminHttpApp } from '../../../test/support/admin-http-app.js';
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
}

/** Builds the real app, collecting every route as Fastify registers it. */
async function appWithRoutes(): Promise<{ app: FastifyInstance; routes: Route[] }> {
  const routes: Route[] = [];
  const { app } = await buildAdminHttpApp({
    database: sqlite!,
    onRoute: (route: RouteOptions) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
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
        '/api/alerts/rules/:id',
      ]),
    );
    expect(await unauthenticatedRoutes(app, routes)).toEqual([]);
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
