import type { FastifyInstance } from 'fastify';
import {
  createAutoReplySettingsService,
  type AutoReplyOutcome,
  type AutoReplySettingsInput,
} from '../../helpdesk/index.js';
import type { Inbox } from '../../inbox/index.js';

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 100 } },
} as const;

const limitList = {
  type: 'array',
  maxItems: 10,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['windowMinutes', 'max'],
    properties: { windowMinutes: { type: 'integer' }, max: { type: 'integer' } },
  },
} as const;

// Types only: ranges, addresses and URLs are checked by the service, which lists every problem at once.
const settingsBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean' },
    onlyNewHelpdesks: { type: 'boolean' },
    subject: { type: 'string' },
    textBody: { type: 'string' },
    htmlBody: { type: ['string', 'null'] },
    defaultFrom: { type: ['string', 'null'] },
    fromName: { type: ['string', 'null'] },
    transport: { type: 'string', enum: ['graph', 'smtp'] },
    smtpUrl: { type: ['string', 'null'] },
    limits: {
      type: 'object',
      additionalProperties: false,
      properties: { perSender: limitList, perHelpdesk: limitList },
    },
  },
} as const;

/** A resource's auto-reply: settings (templates, from address, transport, caps) and what its replies did. */
export function registerAutoReplyRoutes(app: FastifyInstance, inbox: Pick<Inbox, 'deps'>): void {
  const settings = createAutoReplySettingsService({ db: inbox.deps.store.db, clock: inbox.deps.clock });
  app.get(
    '/api/resources/:id/auto-reply',
    {
      schema: {
        summary: "A resource's auto-reply settings (off until enabled; SMTP password masked)",
        params: idParams,
      },
    },
    async (request) => settings.get((request.params as { id: string }).id),
  );
  app.put(
    '/api/resources/:id/auto-reply',
    {
      schema: {
        summary: "Change a resource's auto-reply settings; fields left out keep their value",
        params: idParams,
        body: settingsBody,
      },
    },
    async (request) =>
      settings.update((request.params as { id: string }).id, request.body as AutoReplySettingsInput),
  );
  app.get(
    '/api/resources/:id/auto-reply/log',
    {
      schema: {
        summary: 'Auto-replies of a resource, newest first: sent, suppressed (with the reason) and failed',
        params: idParams,
        querystring: {
          type: 'object',
          properties: {
            outcome: { type: 'string', enum: ['sending', 'sent', 'suppressed', 'failed'] },
            limit: { type: 'integer', minimum: 1, maximum: 500 },
          },
        },
      },
    },
    async (request) => {
      const q = request.query as { outcome?: AutoReplyOutcome; limit?: number };
      return { items: await settings.listLog((request.params as { id: string }).id, q) };
    },
  );
}
