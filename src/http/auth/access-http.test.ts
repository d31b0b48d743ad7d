import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAdminHttpApp, httpAdminToken } from '../../../test/support/pipeline/admin-http-app.js';
import { createTestDatabases } from '../../../test/support/test-databases.js';
import { createAuth } from './create-auth.js';
import { systemClock } from '../../shared/index.js';

const [sqlite] = createTestDatabases();
const password = 'a long enough password';

describe('access over HTTP', () => {
  let app: FastifyInstance;
  let auth: ReturnType<typeof createAuth>;
  const webRoot = mkdtempSync(join(tmpdir(), 'msi-web-'));
  beforeAll(async () => {
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>ui</title>');
    writeFileSync(join(webRoot, 'assets', 'app-1.js'), 'export {}');
    const built = await buildAdminHttpApp({ database: sqlite!, webRoot });
    app = built.app;
    auth = createAuth({
      store: built.store,
      clock: systemClock,
      configuredAdminToken: null,
      secureCookies: false,
    });
    await auth.users.add({ username: 'ada', password, role: 'admin' });
  });
  afterAll(async () => {
    await app?.close();
    await sqlite?.dispose();
  });

  const login = async (username: string, pass = password, ip = '10.1.1.1') => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: pass },
      remoteAddress: ip,
    });
    const cookie = String(response.headers['set-cookie'] ?? '').split(';')[0] ?? '';
    return { response, cookie, csrf: (response.json() as { csrfToken?: string }).csrfToken ?? '' };
  };

  it('sets an HttpOnly, SameSite=Strict session cookie and answers who is signed in', async () => {
    const { response, cookie } = await login('ada');
    expect(response.statusCode).toBe(200);
    expect(response.headers['set-cookie']).toMatch(
      /^msi_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/,
    );
    const me = await app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } });
    expect(me.json()).toMatchObject({ user: { name: 'ada', role: 'admin' }, canSeeStatus: true });
    expect(me.headers['cache-control']).toBe('no-store');
  });

  it('refuses a change made with a session but without its CSRF token', async () => {
    const { cookie, csrf } = await login('ada');
    const group = { name: 'leads' };
    const without = await app.inject({
      method: 'POST',
      url: '/api/groups',
      headers: { cookie },
      payload: group,
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('MSI_AUTH_CSRF_INVALID');
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/groups',
      headers: { cookie, 'x-csrf-token': 'x' + csrf.slice(1) },
      payload: group,
    });
    expect(wrong.statusCode).toBe(403);
    const right = await app.inject({
      method: 'POST',
      url: '/api/groups',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: group,
    });
    expect(right.statusCode).toBe(201);
  });

  it('lets a viewer read but not change, and not see users, tokens or the status summary', async () => {
    // Each test signs in as its own user: the throttle test leaves its user blocked.
    await auth.users.add({ username: 'vic', password, role: 'viewer' });
    const { cookie, csrf } = await login('vic');
    const headers = { cookie, 'x-csrf-token': csrf };
    expect((await app.inject({ method: 'GET', url: '/api/resources', headers })).statusCode).toBe(200);
    const change = await app.inject({ method: 'POST', url: '/api/sync', headers, payload: {} });
    expect(change.statusCode).toBe(403);
    expect(change.json().error.code).toBe('MSI_AUTH_FORBIDDEN');
    for (const url of ['/api/users', '/api/tokens', '/api/status/inbox-summary']) {
      expect((await app.inject({ method: 'GET', url, headers })).statusCode, url).toBe(403);
    }
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/resources', headers })).statusCode).toBe(401);
  });

  it('answers 429 with Retry-After once a user has failed five times', async () => {
    await auth.users.add({ username: 'val', password, role: 'viewer' });
    for (let i = 0; i < 5; i++)
      expect((await login('val', 'wrong', '10.2.2.2')).response.statusCode).toBe(401);
    const blocked = (await login('val', password, '10.2.2.3')).response;
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('MSI_AUTH_LOGIN_RATE_LIMITED');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(800);
  });

  it('accepts the configured admin token and API tokens, and never answers with a secret', async () => {
    const bearer = { authorization: `Bearer ${httpAdminToken}` };
    const created = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: bearer,
      payload: { name: 'ci', role: 'viewer' },
    });
    expect(created.statusCode).toBe(201);
    const token = (created.json() as { token: string }).token;
    const listed = await app.inject({ method: 'GET', url: '/api/tokens', headers: bearer });
    expect(listed.body).not.toContain(token);
    expect(listed.body).not.toMatch(/hash/i);
    const users = await app.inject({ method: 'GET', url: '/api/users', headers: bearer });
    expect(users.body).not.toMatch(/scrypt|password_?hash/i);
    const clients = await app.inject({ method: 'GET', url: '/api/clients', headers: bearer });
    expect(clients.body).not.toContain('sim8Q~');
    const viewer = { authorization: `Bearer ${token}` };
    expect((await app.inject({ method: 'GET', url: '/api/resources', headers: viewer })).statusCode).toBe(
      200,
    );
    expect(
      (await app.inject({ method: 'POST', url: '/api/sync', headers: viewer, payload: {} })).statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ method: 'GET', url: '/api/resources', headers: { authorization: 'Bearer nope' } }))
        .statusCode,
    ).toBe(401);
  });

  it('serves the UI with a Content-Security-Policy without inline scripts, and nothing outside its folder', async () => {
    const page = await app.inject({ method: 'GET', url: '/admin/' });
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(
      (await app.inject({ method: 'GET', url: '/admin/assets/app-1.js' })).headers['cache-control'],
    ).toContain('immutable');
    expect((await app.inject({ method: 'GET', url: '/admin' })).headers.location).toBe('/admin/');
    for (const url of [
      '/admin/../package.json',
      '/admin/%2e%2e/%2e%2e/package.json',
      '/admin/assets/missing.js',
    ]) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.body, url).not.toContain('"name"');
      expect(response.statusCode, url).not.toBe(500);
    }
  });
});
