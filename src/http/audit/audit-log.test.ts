import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAdminHttpApp, httpAdminToken } from '../../../test/support/pipeline/admin-http-app.js';
import { testDatabases } from '../../../test/support/test-databases.js';
import { waitFor } from '../../../test/support/wait-for.js';
import { systemClock } from '../../shared/index.js';
import type { Store } from '../../store/index.js';
import { createAuth } from '../auth/create-auth.js';
import type { AuditEntry } from './index.js';

const password = 'a long enough password for ada';
const bearer = { authorization: `Bearer ${httpAdminToken}` };

for (const database of testDatabases()) {
  describe(`audit log of admin actions on ${database.name}`, () => {
    let app: FastifyInstance;
    let store: Store;
    beforeAll(async () => {
      ({ app, store } = await buildAdminHttpApp({ database }));
      const auth = createAuth({
        store,
        clock: systemClock,
        configuredAdminToken: null,
        secureCookies: false,
      });
      await auth.users.add({ username: 'ada', password, role: 'admin' });
      await auth.users.add({ username: 'vic', password, role: 'viewer' });
    });
    afterAll(async () => {
      await app?.close();
      await database.dispose();
    });

    const auditOf = async (query = '') => {
      const response = await app.inject({ method: 'GET', url: `/api/audit${query}`, headers: bearer });
      expect(response.statusCode).toBe(200);
      return response.json() as { items: AuditEntry[]; total: number };
    };
    /** The audit list once it holds `count` entries: lines are written just after each answer went out. */
    const auditWith = async (query: string, count: number) => {
      let page = await auditOf(query);
      await waitFor(
        `${count} audit entries`,
        async () => (page = await auditOf(query)).items.length >= count,
      );
      return page;
    };
    const login = (username: string, pass: string, ip: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: pass },
        remoteAddress: ip,
        headers: { 'user-agent': 'audit-test-browser/1.0' },
      });

    it('records who changed what, when and from where, with field names but never their values', async () => {
      const before = new Date().toISOString();
      const signedIn = await login('ada', password, '10.9.8.7');
      expect(signedIn.statusCode).toBe(200);
      const cookie = String(signedIn.headers['set-cookie']).split(';')[0] ?? '';
      const csrf = (signedIn.json() as { csrfToken: string }).csrfToken;
      const token = await app.inject({
        method: 'POST',
        url: '/api/tokens',
        payload: { name: 'audit-ci', role: 'viewer' },
        headers: { cookie, 'x-csrf-token': csrf },
        remoteAddress: '10.9.8.7',
      });
      expect(token.statusCode).toBe(201);
      const secretToken = (token.json() as { token: string }).token;
      const newUser = await app.inject({
        method: 'POST',
        url: '/api/users',
        payload: { username: 'audit-bob', password: 'bobs secret password 123', role: 'viewer' },
        headers: bearer,
      });
      expect(newUser.statusCode).toBe(201);

      const { items } = await auditWith(`?since=${encodeURIComponent(before)}`, 3);
      const login1 = items.find((e) => e.action === 'POST /api/auth/login' && e.actor.name === 'ada');
      expect(login1).toMatchObject({
        actor: { kind: 'anonymous', name: 'ada' },
        fields: ['password', 'username'],
        status: 200,
        ip: '10.9.8.7',
        userAgent: 'audit-test-browser/1.0',
      });
      expect(items.find((e) => e.action === 'POST /api/tokens')).toMatchObject({
        actor: { kind: 'user', name: 'ada' },
        fields: ['name', 'role'],
        status: 201,
        ip: '10.9.8.7',
      });
      expect(items.find((e) => e.action === 'POST /api/users')).toMatchObject({
        actor: { kind: 'token', name: 'MS_INBOX_ADMIN_TOKEN' },
        fields: ['password', 'role', 'username'],
        status: 201,
      });
      expect(Date.parse(items[0]?.at ?? '')).toBeGreaterThanOrEqual(Date.parse(before));

      // Secrets never reach the log: not in the API answer, not in the table.
      const rows = JSON.stringify(await store.db.selectFrom('audit_log').selectAll().execute());
      for (const secret of [password, 'bobs secret password 123', secretToken, httpAdminToken]) {
        expect(JSON.stringify(items)).not.toContain(secret);
        expect(rows).not.toContain(secret);
      }
    });

    it('records refused changes and failed sign-ins too, and reads are not logged', async () => {
      const before = new Date().toISOString();
      expect((await login('mallory', 'guessing 12345678', '203.0.113.9')).statusCode).toBe(401);
      const viewer = await login('vic', password, '10.1.1.2');
      const cookie = String(viewer.headers['set-cookie']).split(';')[0] ?? '';
      const csrf = (viewer.json() as { csrfToken: string }).csrfToken;
      const refused = await app.inject({
        method: 'DELETE',
        url: '/api/users/ada',
        headers: { cookie, 'x-csrf-token': csrf },
      });
      expect(refused.statusCode).toBe(403);
      await app.inject({ method: 'GET', url: '/api/resources', headers: bearer });

      const { items } = await auditWith(`?since=${encodeURIComponent(before)}`, 3);
      expect(items.find((e) => e.actor.name === 'mallory')).toMatchObject({
        action: 'POST /api/auth/login',
        actor: { kind: 'anonymous' },
        status: 401,
        ip: '203.0.113.9',
      });
      expect(items.find((e) => e.action === 'DELETE /api/users/:username')).toMatchObject({
        actor: { kind: 'user', name: 'vic' },
        target: { username: 'ada' },
        status: 403,
      });
      expect(items.some((e) => e.action.startsWith('GET '))).toBe(false);
      const byActor = await auditOf(`?actor=vic&since=${encodeURIComponent(before)}`);
      expect(byActor.items.every((e) => e.actor.name === 'vic')).toBe(true);
      expect(byActor.total).toBeGreaterThanOrEqual(2);
    });

    it('is for admins only', async () => {
      const viewer = await login('vic', password, '10.1.1.3');
      const cookie = String(viewer.headers['set-cookie']).split(';')[0] ?? '';
      const response = await app.inject({ method: 'GET', url: '/api/audit', headers: { cookie } });
      expect(response.statusCode).toBe(403);
      expect((await app.inject({ method: 'GET', url: '/api/audit' })).statusCode).toBe(401);
    });
  });
}
