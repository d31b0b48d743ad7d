import type { FastifyInstance } from 'fastify';
import type { HelpdeskStore } from '../../helpdesk/index.js';
import { ledgerStatuses, type Inbox } from '../../inbox/index.js';

/** The ledger: browse mails by resource, status and date; detail with timeline; retry one or many. */
export function registerMessageRoutes(
  app: FastifyInstance,
  inbox: Inbox,
  helpdesk: HelpdeskStore | null,
): void {
  app.get(
    '/api/messages',
    {
      schema: {
        summary: 'List mails in the ledger, newest first, paged',
        querystring: {
          type: 'object',
          properties: {
            resource: { type: 'string', maxLength: 100 },
            status: { type: 'string', enum: [...ledgerStatuses] },
            since: { type: 'string', maxLength: 40 },
            search: { type: 'string', maxLength: 200 },
            limit: { type: 'integer', minimum: 1, maximum: 500 },
            offset: { type: 'integer', minimum: 0 },
          },
        },
      },
    },
    async (request) => {
      const q = request.query as {
        resource?: string;
        status?: string;
        since?: string;
        search?: string;
        limit?: number;
        offset?: number;
      };
      return inbox.messages.list({ ...q, resourceId: q.resource });
    },
  );
  app.get(
    '/api/messages/:id',
    {
      schema: {
        summary: 'One mail with its flags, error, attempts, timeline and the helpdesk it went to',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } },
      },
    },
    async (request) => {
      const id = (request.params as { id: string }).id;
      const message = await inbox.messages.get(id);
      return { ...message, helpdesk: helpdesk ? await helpdesk.findTicketForMessage(id) : null };
    },
  );
  app.post(
    '/api/messages/retry',
    {
      schema: {
        summary: 'Retry Failed, Skipped, Gone or Unprocessed mails through the webhook target',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['ids'],
          properties: {
            ids: { type: 'array', minItems: 1, maxItems: 1000, items: { type: 'string', maxLength: 100 } },
          },
        },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await inbox.messages.retry((request.body as { ids: string[] }).ids)),
  );
}
