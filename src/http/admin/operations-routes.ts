import type { FastifyInstance } from 'fastify';
import type { Inbox, RecoveryRequest } from '../../inbox/index.js';

/** Sync & Save, recovery tasks and the status summary. */
export function registerOperationsRoutes(app: FastifyInstance, inbox: Inbox): void {
  app.post(
    '/api/sync',
    {
      schema: {
        summary: 'Sync & Save: create, renew or recreate the subscriptions of one client or all',
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: { client: { type: 'string', maxLength: 200 } },
        },
      },
    },
    async (request) =>
      inbox.syncAndSave.run({
        clientName: (request.body as { client?: string } | null)?.client,
        trigger: 'manual',
      }),
  );
  app.get(
    '/api/sync/history',
    {
      schema: {
        summary: 'Sync & Save history, newest first (the last sync_history_length runs per client)',
        querystring: { type: 'object', properties: { client: { type: 'string', maxLength: 200 } } },
      },
    },
    async (request) => inbox.syncAndSave.history((request.query as { client?: string }).client),
  );
  app.post(
    '/api/recovery',
    {
      schema: {
        summary: 'Start recovering Failed or Unprocessed mails from a date through the recovery target',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['type', 'since'],
          properties: {
            type: { type: 'string', enum: ['failed', 'unprocessed'] },
            since: { type: 'string', maxLength: 40 },
            resourceId: { type: ['string', 'null'], maxLength: 100 },
            messageIds: {
              type: ['array', 'null'],
              maxItems: 10000,
              items: { type: 'string', maxLength: 100 },
            },
          },
        },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await inbox.recovery.start(request.body as RecoveryRequest)),
  );
  app.get(
    '/api/recovery',
    {
      schema: {
        summary: 'Recovery tasks, newest first, and the 24-hour counts of Failed and Unprocessed mails',
        querystring: { type: 'object', properties: { resource: { type: 'string', maxLength: 100 } } },
      },
    },
    async (request) => {
      const resourceId = (request.query as { resource?: string }).resource;
      return {
        last24Hours: await inbox.recovery.last24Hours(resourceId),
        tasks: await inbox.recovery.list({ resourceId }),
      };
    },
  );
  app.get(
    '/api/recovery/:id',
    {
      schema: {
        summary: 'One recovery task with its progress',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } },
      },
    },
    async (request) => inbox.recovery.get((request.params as { id: string }).id),
  );
  app.get(
    '/api/status/inbox-summary',
    {
      schema: {
        summary: 'Status summary: only inboxes with a problem; showAll lists all, showInactive adds inactive',
        querystring: {
          type: 'object',
          properties: { showInactive: { type: 'boolean' }, showAll: { type: 'boolean' } },
        },
      },
    },
    async (request) => inbox.status.summarise(request.query as { showInactive?: boolean; showAll?: boolean }),
  );
}
