import type { FastifyInstance } from 'fastify';
import type { Inbox, ResourceInput } from '../../inbox/index.js';

const disposal = {
  type: 'object',
  additionalProperties: false,
  required: ['mode'],
  properties: {
    mode: { type: 'string', enum: ['soft-delete', 'delete', 'move', 'categorise'] },
    folder: { type: ['string', 'null'], maxLength: 500 },
    category: { type: ['string', 'null'], maxLength: 255 },
  },
} as const;

const resourceFields = {
  email: { type: 'string', maxLength: 320 },
  webhookTarget: { type: 'string', maxLength: 2000 },
  recoveryTarget: { type: ['string', 'null'], maxLength: 2000 },
  inactive: { type: 'boolean' },
  disposal,
  failedCategory: { type: ['string', 'null'], maxLength: 255 },
} as const;

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 100 } },
} as const;

/** Clients and resources: the seed's admin page for a client and its mailboxes. */
export function registerResourceRoutes(app: FastifyInstance, inbox: Inbox): void {
  app.get(
    '/api/clients',
    { schema: { summary: 'List configured clients (never their secrets)' } },
    async () => inbox.clients.list(),
  );
  app.post(
    '/api/clients/:name/validate',
    {
      schema: {
        summary: "Validate a client: sign in, permissions, each mailbox (the seed's Validate button)",
        params: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string', maxLength: 200 } },
        },
      },
    },
    async (request) => inbox.clients.validate((request.params as { name: string }).name),
  );
  app.get(
    '/api/resources',
    {
      schema: {
        summary: 'List resources with state (incl. Degraded), counts, missed mail and failed disposals',
        querystring: { type: 'object', properties: { client: { type: 'string', maxLength: 200 } } },
      },
    },
    async (request) => inbox.resources.list((request.query as { client?: string }).client),
  );
  app.post(
    '/api/resources',
    {
      schema: {
        summary: 'Add a resource (a watched mailbox); its subscription is created in the background',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['clientName', 'email', 'webhookTarget'],
          properties: { clientName: { type: 'string', maxLength: 200 }, ...resourceFields },
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await inbox.resources.add(request.body as ResourceInput)),
  );
  app.get('/api/resources/:id', { schema: { summary: 'One resource', params: idParams } }, async (request) =>
    inbox.resources.get((request.params as { id: string }).id),
  );
  app.patch(
    '/api/resources/:id',
    {
      schema: {
        summary: 'Change a resource; re-activating it re-subscribes and reconciles',
        params: idParams,
        body: { type: 'object', additionalProperties: false, minProperties: 1, properties: resourceFields },
      },
    },
    async (request) =>
      inbox.resources.update((request.params as { id: string }).id, request.body as Partial<ResourceInput>),
  );
  app.delete(
    '/api/resources/:id',
    { schema: { summary: 'Remove a resource and its subscription', params: idParams } },
    async (request, reply) => {
      await inbox.resources.remove((request.params as { id: string }).id);
      return reply.status(204).send();
    },
  );
}
