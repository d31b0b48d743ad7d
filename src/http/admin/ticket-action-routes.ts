import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { AssigneeInput, HelpdeskStore, TicketActions, TicketReply } from '../../helpdesk/index.js';
import type { Database } from '../../store/index.js';
import { principalOf } from '../auth/index.js';
import { ticketView } from './helpdesk-routes.js';

/** Body of a reply: base64 attachments of up to 3 MB together, so 5 MB of JSON. */
const replyBodyLimitBytes = 5 * 1024 * 1024;

const work = { access: 'work' } as const;
const params = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 100 } },
} as const;
const body = (properties: Record<string, unknown>, required: string[] = []) =>
  ({ type: 'object', additionalProperties: false, required, properties }) as const;
const text = { type: 'string', maxLength: 100_000 } as const;

/**
 * Agents' work on a ticket (agents and admins; viewers get 403): status, type, assignee, internal notes and
 * replies to the customer. Each answers the ticket as it is now, its history including the change.
 */
export function registerTicketActionRoutes(
  app: FastifyInstance,
  deps: { helpdesk: HelpdeskStore; actions: TicketActions; reply: TicketReply; db: Kysely<Database> },
): void {
  const { helpdesk, actions } = deps;
  const idOf = (request: { params: unknown }) => (request.params as { id: string }).id;
  const actorOf = (request: Parameters<typeof principalOf>[0]) => ({ name: principalOf(request).name });

  app.get(
    '/api/helpdesk/ticket-options',
    {
      schema: {
        summary: 'Statuses, types, users and groups a ticket can be given (for the ticket controls)',
      },
    },
    async () => {
      const [statuses, types, users, groups] = await Promise.all([
        helpdesk.listStatuses(),
        helpdesk.listTypes(),
        deps.db
          .selectFrom('users')
          .select(['id', 'username', 'display_name'])
          .where('disabled', '=', 0)
          .where('role', '!=', 'viewer')
          .orderBy('username')
          .execute(),
        deps.db.selectFrom('user_groups').select(['id', 'name']).orderBy('name').execute(),
      ]);
      return {
        statuses: statuses.map((s) => ({ key: s.key, label: s.label, isClosed: s.isClosed })),
        types: types.map((t) => ({ key: t.key, name: t.name })),
        users: users.map((u) => ({ id: u.id, username: u.username, displayName: u.display_name })),
        groups,
      };
    },
  );

  app.post(
    '/api/helpdesk/tickets/:id/status',
    {
      config: work,
      schema: {
        summary: 'Change the status of a ticket (a key of the helpdesk statuses)',
        params,
        body: body({ status: { type: 'string', minLength: 1, maxLength: 100 } }, ['status']),
      },
    },
    async (request) => {
      await actions.setStatus(idOf(request), (request.body as { status: string }).status, actorOf(request));
      return ticketView(helpdesk, idOf(request));
    },
  );

  app.post(
    '/api/helpdesk/tickets/:id/type',
    {
      config: work,
      schema: {
        summary: 'Change the type of a ticket (a key of the helpdesk types; null clears it)',
        params,
        body: body({ type: { type: ['string', 'null'], maxLength: 100 } }, ['type']),
      },
    },
    async (request) => {
      await actions.setType(idOf(request), (request.body as { type: string | null }).type, actorOf(request));
      return ticketView(helpdesk, idOf(request));
    },
  );

  app.post(
    '/api/helpdesk/tickets/:id/assignee',
    {
      config: work,
      schema: {
        summary: 'Assign a ticket to a user or a group; an empty body unassigns it',
        params,
        body: body({
          userId: { type: 'string', minLength: 1, maxLength: 100 },
          groupId: { type: 'string', minLength: 1, maxLength: 100 },
        }),
      },
    },
    async (request) => {
      const b = (request.body ?? {}) as { userId?: string; groupId?: string };
      const assignee: AssigneeInput = b.userId
        ? { userId: b.userId }
        : b.groupId
          ? { groupId: b.groupId }
          : null;
      await actions.assign(idOf(request), assignee, actorOf(request));
      return ticketView(helpdesk, idOf(request));
    },
  );

  app.post(
    '/api/helpdesk/tickets/:id/notes',
    {
      config: work,
      schema: {
        summary: 'Add an internal note to a ticket (never sent to the customer)',
        params,
        body: body({ text }, ['text']),
      },
    },
    async (request) => {
      await actions.addNote(idOf(request), (request.body as { text: string }).text, actorOf(request));
      return ticketView(helpdesk, idOf(request));
    },
  );

  app.post(
    '/api/helpdesk/tickets/:id/replies',
    {
      config: work,
      bodyLimit: replyBodyLimitBytes,
      schema: {
        summary: 'Reply to the customer by Graph sendMail from the ticket mailbox (needs Mail.Send)',
        params,
        body: body(
          {
            text,
            attachments: {
              type: 'array',
              maxItems: 20,
              items: body(
                {
                  fileName: { type: 'string', minLength: 1, maxLength: 255 },
                  contentType: { type: 'string', maxLength: 200 },
                  contentBase64: { type: 'string' },
                },
                ['fileName', 'contentBase64'],
              ),
            },
          },
          ['text'],
        ),
      },
    },
    async (request) => {
      const sent = await deps.reply.send(
        idOf(request),
        request.body as { text: string; attachments?: unknown },
        actorOf(request),
      );
      return { sent, ticket: await ticketView(helpdesk, idOf(request)) };
    },
  );
}
