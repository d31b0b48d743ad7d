import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAdminHttpApp, httpAdminToken } from '../../../test/support/pipeline/admin-http-app.js';
import { createTestDatabases } from '../../../test/support/test-databases.js';
import { systemClock } from '../../shared/index.js';
import type { Store } from '../../store/index.js';
import { createAuth } from '../auth/index.js';

const [sqlite] = createTestDatabases();
const password = 'a long enough password';
const mail = {
  transport: 'graph',
  clientName: 'demo',
  from: 'alerts@example.org',
  to: ['oncall@example.org'],
};

describe('alert rules over the admin API', () => {
  let app: FastifyInstance;
  let store: Store;
  beforeAll(async () => {
    ({ app, store } = await buildAdminHttpApp({
      database: sqlite!,
      env: { MS_INBOX_HANDLER_SECRET: 'alert-routes-secret-0123456789' },
    }));
    const auth = createAuth({ store, clock: systemClock, configuredAdminToken: null, secureCookies: false });
    await auth.users.add({ username: 'vic', password, role: 'viewer' });
  });
  afterAll(async () => {
    await app?.close();
    await sqlite?.dispose();
  });

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      payload: payload as object,
      headers: { authorization: `Bearer ${httpAdminToken}` },
    });
  const ruleCount = async () =>
    Number(
      (
        await store.db
          .selectFrom('alert_rules')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirst()
      )?.n,
    );

  it('refuses a rule with bad fields, listing every problem, and saves nothing', async () => {
    const before = await ruleCount();
    const answer = await call('POST', '/api/alerts/rules', {
      name: 'Stuck mail',
      condition: 'unprocessed-overdue',
      threshold: 0,
      mail: { transport: 'graph', clientName: 'nobody', from: 'not-an-address', to: ['oncall@example.org'] },
    });
    expect(answer.statusCode).toBe(400);
    const { error } = answer.json() as { error: { code: string; message: string } };
    expect(error.code).toBe('MSI_ALERT_RULE_INVALID');
    expect(error.message).toContain('threshold: must be a whole number of minutes');
    expect(error.message).toContain('mail.from: must be an e-mail address');
    expect(error.message).toContain('mail.clientName: "nobody" is not a configured client');
    expect(await ruleCount()).toBe(before);
  });

  it('refuses webhook targets at loopback and link-local addresses at save time', async () => {
    const before = await ruleCount();
    for (const [target, range] of [
      ['http://127.0.0.1:9/hook', 'loopback'],
      ['https://169.254.169.254/latest/meta-data', 'link-local'],
    ] as const) {
      const answer = await call('POST', '/api/alerts/rules', {
        name: 'Inbox down',
        condition: 'inbox-state',
        webhookUrl: target,
      });
      expect(answer.statusCode).toBe(400);
      const { error } = answer.json() as { error: { code: string; message: string } };
      expect(error.code).toBe('MSI_ALERT_RULE_INVALID');
      expect(error.message).toMatch(new RegExp(`webhookUrl: Refused to call .* a ${range}`));
    }
    expect(await ruleCount()).toBe(before);
  });

  it('never answers the SMTP password, and a masked URL sent back keeps it', async () => {
    const smtp = {
      ...mail,
      transport: 'smtp',
      smtpUrl: 'smtps://alerts:hunter2-secret@smtp.example.org:465',
    };
    delete (smtp as { clientName?: string }).clientName;
    const created = await call('POST', '/api/alerts/rules', {
      name: 'Failed',
      condition: 'mail-failed',
      mail: smtp,
    });
    expect(created.statusCode).toBe(201);
    const rule = created.json() as { id: string; mail: { smtpUrl: string } };
    expect(rule.mail.smtpUrl).toBe('smtps://alerts:****@smtp.example.org:465');
    for (const url of ['/api/alerts/rules', `/api/alerts/rules/${rule.id}`])
      expect((await call('GET', url)).body).not.toContain('hunter2');
    const replaced = await call('PUT', `/api/alerts/rules/${rule.id}`, {
      name: 'Failed mail',
      condition: 'mail-failed',
      mail: { ...smtp, smtpUrl: rule.mail.smtpUrl },
    });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.body).not.toContain('hunter2');
    const row = await store.db
      .selectFrom('alert_rules')
      .selectAll()
      .where('id', '=', rule.id)
      .executeTakeFirst();
    expect(row).toMatchObject({ name: 'Failed mail', smtp_url: smtp.smtpUrl });
  });

  it('lets a viewer read rules but not create, change or delete them', async () => {
    const created = await call('POST', '/api/alerts/rules', {
      name: 'Secrets',
      condition: 'credential-expiry',
      mail,
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json() as { id: string };
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'vic', password },
    });
    const cookie = String(login.headers['set-cookie'] ?? '').split(';')[0] ?? '';
    const headers = { cookie, 'x-csrf-token': (login.json() as { csrfToken: string }).csrfToken };
    expect((await app.inject({ method: 'GET', url: '/api/alerts/rules', headers })).statusCode).toBe(200);
    const body = { name: 'Mine now', condition: 'mail-failed', mail };
    for (const [method, url] of [
      ['POST', '/api/alerts/rules'],
      ['PUT', `/api/alerts/rules/${id}`],
      ['DELETE', `/api/alerts/rules/${id}`],
      ['POST', '/api/alerts/evaluate'],
    ] as const) {
      const answer = await app.inject({
        method,
        url,
        headers,
        payload: method === 'DELETE' ? undefined : body,
      });
      expect(answer.statusCode, `${method} ${url}`).toBe(403);
    }
    expect((await call('GET', `/api/alerts/rules/${id}`)).json()).toMatchObject({
      name: 'Secrets',
      threshold: 14,
    });
  });
});
