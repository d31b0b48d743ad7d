import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAdminHttpApp, httpAdminToken } from '../../../test/support/pipeline/admin-http-app.js';
import { testDatabases } from '../../../test/support/test-databases.js';
import { createHelpdeskStore, type HelpdeskStore } from '../../helpdesk/index.js';
import type { Store } from '../../store/index.js';

interface Ticket {
  id: string;
  number: string;
  status: { key: string };
  type: { key: string } | null;
  assignee: { kind: string; id: string; name: string } | null;
  notes: Array<{ kind: string; text: string | null; authorAddress: string | null }>;
}

for (const db of testDatabases()) {
  describe(`ticket actions API on ${db.name}`, () => {
    let app: FastifyInstance;
    let store: Store;
    let helpdesk: HelpdeskStore;
    const admin = { authorization: `Bearer ${httpAdminToken}` };

    beforeAll(async () => {
      ({ app, store } = await buildAdminHttpApp({ database: db }));
      helpdesk = createHelpdeskStore({ store, dataDir: db.connectionOf(store).dataDir });
    });
    afterAll(() => app.close());

    /** A fresh agent user with a signed-in session (cookie + CSRF token). */
    async function signedInAgent() {
      const username = `agent-${randomUUID().slice(0, 8)}`;
      const password = 'agent password 123';
      const added = await app.inject({
        method: 'POST',
        url: '/api/users',
        headers: admin,
        payload: { username, password, role: 'agent', displayName: `Agent ${username}` },
      });
      expect(added.statusCode).toBe(201);
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password },
      });
      const cookie = String(login.headers['set-cookie'] ?? '').split(';')[0] ?? '';
      const csrf = (login.json() as { csrfToken: string }).csrfToken;
      return { username, id: (added.json() as { id: string }).id, headers: { cookie, 'x-csrf-token': csrf } };
    }

    async function createTicket(input: { title: string; inbox?: string; noteText?: string; from?: string }) {
      const uow = helpdesk.unitOfWork();
      const ticket = await uow.createHelpdesk({
        title: input.title,
        subscriptionEmail: input.inbox ?? null,
      });
      if (input.noteText)
        uow.addNote(ticket, {
          kind: 'email',
          html: null,
          text: input.noteText,
          authorAddress: input.from ?? 'customer@example.com',
        });
      await helpdesk.applyNow(uow.commit());
      return ticket;
    }

    const act = (headers: Record<string, string>, id: string, action: string, payload: object) =>
      app.inject({ method: 'POST', url: `/api/helpdesk/tickets/${id}/${action}`, headers, payload });

    it('lets an agent change status and type, assign to a user and a group, and add a note, each in the history', async () => {
      const agent = await signedInAgent();
      const typeKey = `billing-${randomUUID().slice(0, 6)}`;
      await store.db
        .insertInto('helpdesk_types')
        .values({ id: randomUUID(), key: typeKey, name: 'Billing', created_at: new Date().toISOString() })
        .execute();
      const groupName = `second line ${randomUUID().slice(0, 6)}`;
      const group = await app.inject({
        method: 'POST',
        url: '/api/groups',
        headers: admin,
        payload: { name: groupName },
      });
      const groupId = (group.json() as { id: string }).id;
      const ticket = await createTicket({ title: 'Printer jams' });

      const status = await act(agent.headers, ticket.id, 'status', { status: 'started' });
      expect(status.statusCode).toBe(200);
      expect((status.json() as Ticket).status.key).toBe('started');
      expect(
        ((await act(agent.headers, ticket.id, 'type', { type: typeKey })).json() as Ticket).type?.key,
      ).toBe(typeKey);
      const toUser = (await act(agent.headers, ticket.id, 'assignee', { userId: agent.id })).json() as Ticket;
      expect(toUser.assignee).toEqual({ kind: 'user', id: agent.id, name: `Agent ${agent.username}` });
      const toGroup = (await act(agent.headers, ticket.id, 'assignee', { groupId })).json() as Ticket;
      expect(toGroup.assignee).toEqual({ kind: 'group', id: groupId, name: groupName });
      const noted = (
        await act(agent.headers, ticket.id, 'notes', { text: 'Called the customer.' })
      ).json() as Ticket;

      expect(noted.notes.map((n) => [n.kind, n.text, n.authorAddress])).toEqual([
        ['event', `Status changed from New to Started by ${agent.username}`, agent.username],
        ['event', `Type changed from (none) to Billing by ${agent.username}`, agent.username],
        ['event', `Assigned to Agent ${agent.username} by ${agent.username}`, agent.username],
        ['event', `Assigned to group ${groupName} by ${agent.username}`, agent.username],
        ['note', 'Called the customer.', agent.username],
      ]);
    });

    it('refuses unknown statuses, types and assignees with a coded 400 and changes nothing', async () => {
      const agent = await signedInAgent();
      const ticket = await createTicket({ title: 'Unchanged' });
      const cases: Array<[string, object, string]> = [
        ['status', { status: 'archived' }, 'MSI_HELPDESK_STATUS_UNKNOWN'],
        ['type', { type: 'no-such-type' }, 'MSI_TICKET_TYPE_UNKNOWN'],
        ['assignee', { userId: 'nobody' }, 'MSI_TICKET_ASSIGNEE_UNKNOWN'],
        ['assignee', { groupId: 'no-group' }, 'MSI_TICKET_ASSIGNEE_UNKNOWN'],
        ['notes', { text: '   ' }, 'MSI_TICKET_ACTION_INVALID'],
      ];
      for (const [action, payload, code] of cases) {
        const response = await act(agent.headers, ticket.id, action, payload);
        expect([
          action,
          response.statusCode,
          (response.json() as { error: { code: string } }).error.code,
        ]).toEqual([action, 400, code]);
      }
      const after = (
        await app.inject({ url: `/api/helpdesk/tickets/${ticket.id}`, headers: admin })
      ).json() as Ticket;
      expect(after).toMatchObject({ status: { key: 'new' }, type: null, assignee: null, notes: [] });
    });

    it("lists tickets with their assignee names, keeps a disabled user's name and refuses assigning to them", async () => {
      const agent = await signedInAgent();
      const other = await signedInAgent();
      const inbox = `names-${randomUUID().slice(0, 8)}@contoso.example`;
      const ticket = await createTicket({ title: 'Named', inbox });
      await act(agent.headers, ticket.id, 'assignee', { userId: other.id });
      const disabled = await app.inject({
        method: 'PATCH',
        url: `/api/users/${other.username}`,
        headers: admin,
        payload: { disabled: true },
      });
      expect(disabled.statusCode).toBe(200);
      const listed = (
        await app.inject({ url: `/api/helpdesk/tickets?inbox=${inbox}`, headers: admin })
      ).json() as { items: Ticket[] };
      expect(listed.items.map((t) => t.assignee)).toEqual([
        { kind: 'user', id: other.id, name: `Agent ${other.username}` },
      ]);
      const again = await act(agent.headers, ticket.id, 'assignee', { userId: other.id });
      expect([again.statusCode, (again.json() as { error: { code: string } }).error.code]).toEqual([
        400,
        'MSI_TICKET_ASSIGNEE_UNKNOWN',
      ]);
    });

    it('needs the session CSRF token, and answers 404 for an unknown ticket', async () => {
      const agent = await signedInAgent();
      const ticket = await createTicket({ title: 'CSRF' });
      const noCsrf = await act({ cookie: agent.headers.cookie }, ticket.id, 'notes', { text: 'x' });
      expect(noCsrf.statusCode).toBe(403);
      expect((await act(agent.headers, 'missing', 'notes', { text: 'x' })).statusCode).toBe(404);
    });

    it('searches by number, subject, sender and text and filters by status, assignee and inbox, in pages', async () => {
      const agent = await signedInAgent();
      const inbox = `support-${randomUUID().slice(0, 8)}@contoso.example`;
      const word = randomUUID().slice(0, 8);
      const a = await createTicket({ title: `Router ${word} offline`, inbox });
      const b = await createTicket({
        title: 'Other',
        inbox,
        noteText: `It says ${word}_50% again`,
        from: 'x@y.example',
      });
      const c = await createTicket({
        title: 'Third',
        inbox,
        noteText: 'hello',
        from: `boss-${word}@fabrikam.example`,
      });
      await createTicket({ title: `Elsewhere ${word}` });
      await act(agent.headers, b.id, 'status', { status: 'done' });
      await act(agent.headers, c.id, 'assignee', { userId: agent.id });
      const list = async (query: Record<string, string>) => {
        const qs = new URLSearchParams({ inbox, ...query }).toString();
        const body = (await app.inject({ url: `/api/helpdesk/tickets?${qs}`, headers: admin })).json() as {
          items: Array<{ id: string }>;
          total: number;
          hasMore: boolean;
        };
        return { ids: body.items.map((i) => i.id).sort(), total: body.total, hasMore: body.hasMore };
      };
      expect((await list({ q: word })).ids).toEqual([a.id, b.id, c.id].sort());
      expect((await list({ q: `[${a.number}]` })).ids).toEqual([a.id]);
      expect((await list({ q: `${word}_50%` })).ids).toEqual([b.id]);
      expect((await list({ q: `${word}-50` })).ids).toEqual([]);
      expect((await list({ q: 'FABRIKAM' })).ids).toEqual([c.id]);
      expect((await list({ q: `router ${word}` })).ids).toEqual([a.id]);
      expect((await list({ status: 'done' })).ids).toEqual([b.id]);
      expect((await list({ assignee: `user:${agent.id}` })).ids).toEqual([c.id]);
      expect((await list({ assignee: 'none' })).ids).toEqual([a.id, b.id].sort());
      expect(await list({ q: word, pageSize: '2' })).toMatchObject({ total: 3, hasMore: true });
      expect(await list({ q: word, pageSize: '2', page: '3' })).toEqual({
        ids: [],
        total: 3,
        hasMore: false,
      });
    });

    it('lists the statuses, types, agents and groups a ticket can be given', async () => {
      const options = (await app.inject({ url: '/api/helpdesk/ticket-options', headers: admin })).json() as {
        statuses: Array<{ key: string }>;
      };
      expect(options.statuses.map((s) => s.key)).toEqual(expect.arrayContaining(['new', 'done']));
    });
  });
}
