import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../../test/support/manual-clock.js';
import { testDatabases } from '../../../test/support/test-databases.js';
import { migrateToLatest, type Store } from '../../store/index.js';
import { createAuth, type Auth } from './create-auth.js';

const password = 'a long enough password';

for (const db of testDatabases()) {
  describe(`access store on ${db.name}`, () => {
    let store: Store;
    let clock: ManualClock;
    let auth: Auth;
    beforeEach(async () => {
      store = await db.open();
      await migrateToLatest(store);
      // PostgreSQL suites share one database: start every test from empty access tables.
      for (const table of [
        'sessions',
        'user_group_members',
        'user_groups',
        'users',
        'api_tokens',
        'login_failures',
        'auth_settings',
      ] as const) {
        await store.db.deleteFrom(table).execute();
      }
      clock = createManualClock();
      auth = createAuth({
        store,
        clock,
        configuredAdminToken: 'configured-admin-token-123',
        secureCookies: false,
      });
    });
    afterEach(() => store.close());

    const login = (username: string, pass = password, ip = '10.0.0.1') =>
      auth.login({ username, password: pass, ip });

    it('adds users with salted scrypt hashes and never shows a hash', async () => {
      await auth.users.add({ username: 'Ada', password, role: 'admin' });
      await auth.users.add({ username: 'bob', password, role: 'viewer', displayName: 'Bob' });
      const rows = await store.db
        .selectFrom('users')
        .select(['username', 'password_hash'])
        .orderBy('username')
        .execute();
      expect(rows.map((r) => r.username)).toEqual(['ada', 'bob']);
      expect(rows[0]?.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(rows[0]?.password_hash).not.toBe(rows[1]?.password_hash);
      expect(JSON.stringify(await auth.users.list())).not.toMatch(/scrypt|password_?hash/i);
      await expect(auth.users.add({ username: 'ADA', password, role: 'viewer' })).rejects.toMatchObject({
        code: 'MSI_AUTH_USER_EXISTS',
      });
      await expect(
        auth.users.add({ username: 'x y', password: 'short', role: 'boss' as 'admin' }),
      ).rejects.toMatchObject({
        code: 'MSI_AUTH_INPUT_INVALID',
        message: expect.stringMatching(/username: .*password: .*role: /),
      });
    });

    it('signs in with the right password only, and a disabled user not at all', async () => {
      await auth.users.add({ username: 'ada', password, role: 'admin' });
      await auth.users.add({ username: 'bob', password, role: 'viewer' });
      const { token, principal } = await login('ADA');
      expect(principal).toMatchObject({ kind: 'user', name: 'ada', role: 'admin' });
      expect(await auth.fromSession(token)).toMatchObject({ name: 'ada' });
      await expect(login('ada', 'wrong password')).rejects.toMatchObject({ code: 'MSI_AUTH_LOGIN_FAILED' });
      await expect(login('nobody')).rejects.toMatchObject({ code: 'MSI_AUTH_LOGIN_FAILED' });
      const bob = await login('bob');
      await auth.users.update('bob', { disabled: true });
      expect(await auth.fromSession(bob.token)).toBeNull();
      await expect(login('bob')).rejects.toMatchObject({ code: 'MSI_AUTH_LOGIN_FAILED' });
    });

    it('stores only a hash of the session id, slides idle expiry, and ends sessions on a password change', async () => {
      await auth.users.add({ username: 'ada', password, role: 'admin' });
      const { token } = await login('ada');
      const stored = await store.db.selectFrom('sessions').select('id_hash').execute();
      expect(stored).toHaveLength(1);
      expect(stored[0]?.id_hash).not.toContain(token);
      clock.advance(11 * 3_600_000);
      expect(await auth.fromSession(token)).not.toBeNull();
      clock.advance(11 * 3_600_000);
      expect(await auth.fromSession(token)).not.toBeNull();
      clock.advance(13 * 3_600_000);
      expect(await auth.fromSession(token)).toBeNull();
      const again = await login('ada');
      await auth.users.setPassword('ada', 'another long password');
      expect(await auth.fromSession(again.token)).toBeNull();
    });

    it('limits failed sign-ins per user and per address, and a success clears the user count', async () => {
      await auth.users.add({ username: 'ada', password, role: 'admin' });
      for (let i = 0; i < 4; i++)
        await expect(login('ada', 'wrong')).rejects.toMatchObject({ code: 'MSI_AUTH_LOGIN_FAILED' });
      await login('ada');
      for (let i = 0; i < 5; i++)
        await expect(login('ada', 'wrong')).rejects.toMatchObject({ code: 'MSI_AUTH_LOGIN_FAILED' });
      await expect(login('ada')).rejects.toMatchObject({
        code: 'MSI_AUTH_LOGIN_RATE_LIMITED',
        httpStatus: 429,
      });
      // Another address is not blocked for other users; the blocked user stays blocked everywhere.
      await auth.users.add({ username: 'bob', password, role: 'viewer' });
      await expect(login('bob', password, '10.0.0.2')).resolves.toBeTruthy();
      await expect(login('ada', password, '10.0.0.2')).rejects.toMatchObject({
        params: { retryAfterSeconds: 900 },
      });
      clock.advance(15 * 60_000 + 1000);
      await expect(login('ada')).resolves.toBeTruthy();
      for (let i = 0; i < 20; i++) await login(`guess${i}`, 'x', '10.9.9.9').catch(() => undefined);
      await expect(login('bob', password, '10.9.9.9')).rejects.toMatchObject({
        code: 'MSI_AUTH_LOGIN_RATE_LIMITED',
      });
      // About 35 scrypt checks (~100 ms each when idle): several times the default budget on a loaded machine.
    }, 120_000);

    it('keeps at least one enabled admin', async () => {
      await auth.users.add({ username: 'ada', password, role: 'admin' });
      await expect(auth.users.remove('ada')).rejects.toMatchObject({ code: 'MSI_AUTH_LAST_ADMIN' });
      await expect(auth.users.update('ada', { role: 'viewer' })).rejects.toMatchObject({
        code: 'MSI_AUTH_LAST_ADMIN',
      });
      await auth.users.add({ username: 'eve', password, role: 'admin' });
      await auth.users.update('ada', { role: 'viewer' });
      await expect(auth.users.update('eve', { disabled: true })).rejects.toMatchObject({
        code: 'MSI_AUTH_LAST_ADMIN',
      });
    });

    it('creates API tokens shown once and stored hashed; revoked and expired ones stop working', async () => {
      const { token, view } = await auth.tokens.create({ name: 'ci', role: 'viewer' });
      expect(token).toMatch(/^msi_[\w-]{43}$/);
      const row = await store.db.selectFrom('api_tokens').selectAll().executeTakeFirstOrThrow();
      expect(row.token_hash).not.toContain(token);
      expect(JSON.stringify(await auth.tokens.list())).not.toContain(row.token_hash);
      expect(await auth.fromBearer(token)).toMatchObject({ kind: 'token', role: 'viewer', name: 'ci' });
      expect(await auth.fromBearer('msi_wrong')).toBeNull();
      await auth.tokens.revoke(view.id);
      expect(await auth.fromBearer(token)).toBeNull();
      const expiring = await auth.tokens.create({
        name: 'soon',
        role: 'admin',
        expiresAt: '2030-01-02T00:00:00Z',
      });
      expect(await auth.fromBearer(expiring.token)).not.toBeNull();
      clock.advance(2 * 86_400_000);
      expect(await auth.fromBearer(expiring.token)).toBeNull();
      expect(await auth.fromBearer('configured-admin-token-123')).toMatchObject({
        role: 'admin',
        name: 'MS_INBOX_ADMIN_TOKEN',
      });
    });

    it('lets admins and the chosen groups see the status summary', async () => {
      await auth.users.add({ username: 'ada', password, role: 'admin' });
      await auth.users.add({ username: 'vic', password, role: 'viewer' });
      await auth.groups.add({ name: 'support leads' });
      await auth.groups.addMember('support leads', 'vic');
      const vic = (await login('vic')).principal;
      expect(await auth.canSeeStatus((await login('ada')).principal)).toBe(true);
      expect(await auth.canSeeStatus(vic)).toBe(false);
      await auth.groups.setStatusGroups(['support leads']);
      expect(await auth.canSeeStatus(vic)).toBe(true);
      await expect(auth.groups.setStatusGroups(['nobody'])).rejects.toMatchObject({
        code: 'MSI_AUTH_GROUP_NOT_FOUND',
      });
      await auth.groups.remove('support leads');
      expect(await auth.groups.statusGroups()).toEqual([]);
      expect((await auth.users.get('vic')).groups).toEqual([]);
    });
  });
}
