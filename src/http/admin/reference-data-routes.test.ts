import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAdminHttpApp, httpAdminToken } from '../../../test/support/pipeline/admin-http-app.js';
import { testDatabases } from '../../../test/support/test-databases.js';
import { createHelpdeskStore, type HelpdeskStore } from '../../helpdesk/index.js';
import { createAuth } from '../auth/index.js';
import { systemClock } from '../../shared/index.js';
import type { Store } from '../../store/index.js';

const admin = { authorization: `Bearer ${httpAdminToken}` };
const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

for (const database of testDatabases()) {
  describe(`reference data over HTTP on ${database.name}`, () => {
    let app: FastifyInstance;
    let helpdesk: HelpdeskStore;
    let viewer: Record<string, string>;
    let store: Store;
    beforeAll(async () => {
      const built = await buildAdminHttpApp({ database });
      app = built.app;
      store = built.store;
      helpdesk = createHelpdeskStore({
        store: built.store,
        dataDir: database.connectionOf(built.store).dataDir,
      });
      const token = await call('POST', '/api/tokens', { name: 'viewer', role: 'viewer' });
      viewer = { authorization: `Bearer ${(token.json() as { token: string }).token}` };
    });
    afterAll(async () => {
      await app?.close();
    });

    const call = (
      method: 'GET' | 'POST' | 'PATCH',
      url: string,
      payload?: unknown,
      headers: Record<string, string> = admin,
    ) => app.inject({ method, url, headers, payload: payload as object | undefined });
    const created = async <T>(url: string, payload: unknown): Promise<T> => {
      const response = await call('POST', url, payload);
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as T;
    };
    const errorOf = (response: { statusCode: number; json(): unknown }) => ({
      status: response.statusCode,
      ...(response.json() as { error: { code: string; message: string } }).error,
    });

    it('has the seed examples’ statuses by default, with new as the default status', async () => {
      const statuses = (await call('GET', '/api/helpdesk/statuses')).json() as Array<{
        key: string;
        label: string;
        isDefault: boolean;
        isClosed: boolean;
      }>;
      expect(statuses.filter((s) => ['new', 'started', 'parked', 'done'].includes(s.key))).toEqual([
        expect.objectContaining({ key: 'new', label: 'New', isDefault: true }),
        expect.objectContaining({ key: 'started', label: 'Started', isClosed: false }),
        expect.objectContaining({ key: 'parked', label: 'Parked', isClosed: false }),
        expect.objectContaining({ key: 'done', label: 'Done', isClosed: true }),
      ]);
    });

    it('creates, edits, searches, archives and restores companies and persons', async () => {
      const name = unique('Contoso');
      const company = await created<{ id: string }>('/api/helpdesk/companies', {
        name,
        email: 'Info@Contoso.example',
        website: 'https://www.contoso.example',
      });
      expect(
        errorOf(await call('POST', '/api/helpdesk/companies', { name: name.toUpperCase() })),
      ).toMatchObject({
        status: 409,
        code: 'MSI_HELPDESK_REFERENCE_EXISTS',
      });
      const email = `${unique('anna')}@contoso.example`;
      const person = await created<{ id: string; email: string; companyId: string }>(
        '/api/helpdesk/persons',
        {
          name: 'Anna Berg',
          email: email.toUpperCase(),
          companyId: company.id,
        },
      );
      expect(person).toMatchObject({ email, companyId: company.id, archivedAt: null });
      const duplicate = errorOf(await call('POST', '/api/helpdesk/persons', { name: 'Other', email }));
      expect(duplicate).toMatchObject({ status: 409, code: 'MSI_HELPDESK_REFERENCE_EXISTS' });
      expect(duplicate.message).toContain(email);

      const changed = await call('PATCH', `/api/helpdesk/persons/${person.id}`, { name: 'Anna Berg-Lund' });
      expect(changed.json()).toMatchObject({ name: 'Anna Berg-Lund', email, companyId: company.id });
      const found = (
        await call('GET', `/api/helpdesk/persons?search=${encodeURIComponent('berg-LUND')}`)
      ).json();
      expect(found).toEqual([expect.objectContaining({ id: person.id })]);

      expect((await call('POST', `/api/helpdesk/persons/${person.id}/archive`)).json()).toMatchObject({
        archivedAt: expect.any(String),
      });
      const listed = (await call('GET', '/api/helpdesk/persons')).json() as Array<{ id: string }>;
      expect(listed.map((p) => p.id)).not.toContain(person.id);
      const withArchived = (await call('GET', '/api/helpdesk/persons?archived=true')).json() as Array<{
        id: string;
      }>;
      expect(withArchived.map((p) => p.id)).toContain(person.id);
      // Archived persons are left out of sender identification, so new tickets do not link them.
      expect(await helpdesk.findPersonsByEmail(email)).toEqual([]);
      expect(
        (await call('PATCH', `/api/helpdesk/persons/${person.id}`, { archived: false })).json(),
      ).toMatchObject({
        archivedAt: null,
      });
      expect((await helpdesk.findPersonsByEmail(email)).map((p) => p.id)).toEqual([person.id]);
    });

    it('answers a coded 400 naming the field for bad input, and changes nothing', async () => {
      const before = ((await call('GET', '/api/helpdesk/persons?archived=true')).json() as unknown[]).length;
      const badEmail = errorOf(
        await call('POST', '/api/helpdesk/persons', { name: 'X', email: 'not-an-address' }),
      );
      expect(badEmail).toMatchObject({ status: 400, code: 'MSI_VALIDATION_FAILED' });
      expect(badEmail.message).toContain('email: "not-an-address" is not an e-mail address');
      const noCompany = errorOf(
        await call('POST', '/api/helpdesk/persons', { name: 'X', email: 'x@example.org', companyId: 'nope' }),
      );
      expect(noCompany.message).toContain('companyId: there is no company nope');
      const missing = errorOf(await call('POST', '/api/helpdesk/persons', { name: 'X' }));
      expect(missing).toMatchObject({ status: 400, code: 'MSI_VALIDATION_FAILED' });
      expect(missing.message).toContain('email');
      expect(
        errorOf(await call('POST', '/api/helpdesk/types', { key: 'Not A Key', name: 'x' })).message,
      ).toContain('key: use 1–50 lower-case letters');
      expect(errorOf(await call('POST', '/api/helpdesk/companies', { name: '  ' })).message).toContain(
        'name: is required',
      );
      expect(
        errorOf(await call('POST', '/api/helpdesk/companies', { name: 'Y', website: 'not a site' })).message,
      ).toContain('website:');
      expect(((await call('GET', '/api/helpdesk/persons?archived=true')).json() as unknown[]).length).toBe(
        before,
      );
      expect(errorOf(await call('PATCH', '/api/helpdesk/persons/missing', { name: 'Z' }))).toMatchObject({
        status: 404,
        code: 'MSI_NOT_FOUND',
      });
    });

    it('keeps type keys unique, and an archived type is not found by key but still by id', async () => {
      const key = unique('billing');
      const type = await created<{ id: string }>('/api/helpdesk/types', { key, name: 'Billing' });
      expect(errorOf(await call('POST', '/api/helpdesk/types', { key, name: 'Again' }))).toMatchObject({
        status: 409,
        code: 'MSI_HELPDESK_REFERENCE_EXISTS',
      });
      expect(
        (await call('PATCH', `/api/helpdesk/types/${type.id}`, { name: 'Invoices' })).json(),
      ).toMatchObject({
        key,
        name: 'Invoices',
      });
      await call('POST', `/api/helpdesk/types/${type.id}/archive`);
      expect(await helpdesk.findTypeByKey(key)).toBeNull();
      expect(await helpdesk.getType(type.id)).toMatchObject({ key, archivedAt: expect.any(String) });
      const types = (await call('GET', '/api/helpdesk/types')).json() as Array<{ id: string }>;
      expect(types.map((t) => t.id)).not.toContain(type.id);
      await call('POST', `/api/helpdesk/types/${type.id}/restore`);
      expect(await helpdesk.findTypeByKey(key)).toMatchObject({ id: type.id });
    });

    it('keeps exactly one default status, which cannot be archived, and tickets keep archived statuses', async () => {
      const key = unique('waiting');
      await created('/api/helpdesk/statuses', { key, label: 'Waiting for customer' });
      expect(errorOf(await call('POST', '/api/helpdesk/statuses', { key, label: 'Again' }))).toMatchObject({
        status: 409,
        code: 'MSI_HELPDESK_REFERENCE_EXISTS',
      });
      const renamed = errorOf(await call('PATCH', `/api/helpdesk/statuses/${key}`, { key: 'other' }));
      expect(renamed.message).toContain('key: a status key cannot change');
      const uow = helpdesk.unitOfWork();
      const ticket = await uow.createHelpdesk({ title: 'Parked forever', statusKey: key });
      await helpdesk.applyNow(uow.commit());

      const defaultKey = (
        (await call('GET', '/api/helpdesk/statuses')).json() as Array<{ key: string; isDefault: boolean }>
      ).find((s) => s.isDefault)!.key;
      expect(errorOf(await call('POST', `/api/helpdesk/statuses/${defaultKey}/archive`))).toMatchObject({
        status: 409,
        code: 'MSI_HELPDESK_DEFAULT_STATUS_KEPT',
      });
      expect(
        errorOf(await call('PATCH', `/api/helpdesk/statuses/${defaultKey}`, { isDefault: false })).code,
      ).toBe('MSI_HELPDESK_DEFAULT_STATUS_KEPT');

      await call('POST', `/api/helpdesk/statuses/${key}/archive`);
      const listed = (await call('GET', '/api/helpdesk/statuses')).json() as Array<{ key: string }>;
      expect(listed.map((s) => s.key)).not.toContain(key);
      expect((await helpdesk.getTicket(ticket.id))?.status).toEqual({ key, label: 'Waiting for customer' });
      expect(
        errorOf(await call('PATCH', `/api/helpdesk/statuses/${key}`, { isDefault: true })).message,
      ).toContain('isDefault: restore the status first');

      await call('POST', `/api/helpdesk/statuses/${key}/restore`);
      const made = await call('PATCH', `/api/helpdesk/statuses/${key}`, {
        isDefault: true,
        label: 'Waiting',
      });
      expect(made.json()).toMatchObject({ key, label: 'Waiting', isDefault: true });
      const defaults = (
        (await call('GET', '/api/helpdesk/statuses')).json() as Array<{ key: string; isDefault: boolean }>
      )
        .filter((s) => s.isDefault)
        .map((s) => s.key);
      expect(defaults).toEqual([key]);
      // Put the seeded default back, so the other tests see the installation as it ships.
      await call('PATCH', `/api/helpdesk/statuses/${defaultKey}`, { isDefault: true });
    });

    it('lets a viewer read the lists but change nothing', async () => {
      for (const path of ['persons', 'companies', 'types', 'statuses']) {
        const url = `/api/helpdesk/${path}`;
        expect((await call('GET', url, undefined, viewer)).statusCode, url).toBe(200);
        for (const [method, target] of [
          ['POST', url],
          ['PATCH', `${url}/x`],
          ['POST', `${url}/x/archive`],
          ['POST', `${url}/x/restore`],
        ] as const) {
          const response = await call(method, target, { name: 'n', key: 'k', label: 'l' }, viewer);
          expect(errorOf(response), `${method} ${target}`).toMatchObject({
            status: 403,
            code: 'MSI_AUTH_FORBIDDEN',
          });
        }
      }
    });

    it('refuses a change made with a session but without its CSRF token', async () => {
      const username = unique('ada').toLowerCase();
      await createAuth({
        store,
        clock: systemClock,
        configuredAdminToken: null,
        secureCookies: false,
      }).users.add({
        username,
        password: 'a long enough password',
        role: 'admin',
      });
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: 'a long enough password' },
      });
      const cookie = String(login.headers['set-cookie'] ?? '').split(';')[0] ?? '';
      const csrf = (login.json() as { csrfToken: string }).csrfToken;
      const company = { name: unique('Fabrikam') };
      const without = await call('POST', '/api/helpdesk/companies', company, { cookie });
      expect(errorOf(without)).toMatchObject({ status: 403, code: 'MSI_AUTH_CSRF_INVALID' });
      const withToken = await call('POST', '/api/helpdesk/companies', company, {
        cookie,
        'x-csrf-token': csrf,
      });
      expect(withToken.statusCode).toBe(201);
    });
  });
}
