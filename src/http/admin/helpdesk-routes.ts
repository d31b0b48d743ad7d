import type { FastifyInstance } from 'fastify';
import { NotFound } from '../../errors/index.js';
import type { HelpdeskStore } from '../../helpdesk/index.js';
import { sanitizeMailHtml } from './sanitize-mail-html.js';

/** The built-in helpdesk: tickets, paged and filtered by status, and one ticket with its notes and documents. */
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
            page: { type: 'integer', minimum: 1 },
            pageSize: { type: 'integer', minimum: 1, maximum: 200 },
          },
        },
      },
    },
    async (request) => {
      const q = request.query as { status?: string; page?: number; pageSize?: number };
      const page = await helpdesk.listTickets(q);
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
    async (request) => {
      const id = (request.params as { id: string }).id;
      const ticket = await helpdesk.getTicket(id);
      if (!ticket) throw NotFound.create({ what: 'ticket', id });
      return {
        ...ticket,
        notes: ticket.notes.map((n) => ({ ...n, html: n.html === null ? null : sanitizeMailHtml(n.html) })),
      };
    },
  );
}
