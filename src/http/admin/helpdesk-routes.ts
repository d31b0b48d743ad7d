import type { FastifyInstance } from 'fastify';
import { NotFound } from '../../errors/index.js';
import type { HelpdeskStore, ListTicketsOptions } from '../../helpdesk/index.js';
import { sanitizeMailHtml } from './sanitize-mail-html.js';

/** The built-in helpdesk: tickets, paged, searched and filtered, and one ticket with its notes and documents. */
export function registerHelpdeskRoutes(app: FastifyInstance, helpdesk: HelpdeskStore): void {
  app.get(
    '/api/helpdesk/tickets',
    {
      schema: {
        summary: 'Helpdesk tickets, most recently updated first',
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', maxLength: 100 },
            q: { type: 'string', maxLength: 500, description: 'Words in number, subject, sender or text' },
            type: { type: 'string', maxLength: 100, description: 'Type key' },
            assignee: { type: 'string', maxLength: 200, description: '`user:<id>`, `group:<id>` or `none`' },
            inbox: {
              type: 'string',
              maxLength: 320,
              description: 'Watched mailbox the ticket came in through',
            },
            page: { type: 'integer', minimum: 1 },
            pageSize: { type: 'integer', minimum: 1, maximum: 200 },
          },
        },
      },
    },
    async (request) => {
      const page = await helpdesk.listTickets(request.query as ListTicketsOptions);
      return { ...page, hasMore: page.page * page.pageSize < page.total };
    },
  );
  app.get(
    '/api/helpdesk/tickets/:id',
    {
      schema: {
        summary: 'One ticket with its history notes (mail HTML sanitised) and documents',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } },
      },
    },
    async (request) => ticketView(helpdesk, (request.params as { id: string }).id),
  );
}

/** One ticket as the API shows it: its notes' mail HTML sanitised; 404 when there is none. */
export async function ticketView(helpdesk: HelpdeskStore, id: string) {
  const ticket = await helpdesk.getTicket(id);
  if (!ticket) throw NotFound.create({ what: 'ticket', id });
  return {
    ...ticket,
    notes: ticket.notes.map((n) => ({ ...n, html: n.html === null ? null : sanitizeMailHtml(n.html) })),
  };
}
