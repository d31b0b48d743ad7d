import type { FastifyInstance } from 'fastify';
import { alertConditions, watchableStates, type AlertRuleInput, type Alerts } from '../../alerts/index.js';

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 100 } },
} as const;

const addressList = { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 320 } } as const;

// Types only: thresholds, addresses, clients and URLs are checked by the service, which lists every problem.
const ruleBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'condition'],
  properties: {
    name: { type: 'string', maxLength: 200 },
    enabled: { type: 'boolean' },
    condition: { type: 'string', enum: [...alertConditions] },
    threshold: { type: ['integer', 'null'] },
    states: { type: ['array', 'null'], maxItems: 5, items: { type: 'string', enum: [...watchableStates] } },
    mail: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['transport', 'from', 'to'],
      properties: {
        transport: { type: 'string', enum: ['graph', 'smtp'] },
        clientName: { type: 'string', maxLength: 200 },
        smtpUrl: { type: 'string', maxLength: 2000 },
        from: { type: 'string', maxLength: 320 },
        to: addressList,
      },
    },
    webhookUrl: { type: ['string', 'null'], maxLength: 2000 },
  },
} as const;

/** Alert rules (changes: admins), their episodes, and an evaluation on demand. */
export function registerAlertRoutes(app: FastifyInstance, alerts: Alerts): void {
  app.get(
    '/api/alerts/rules',
    { schema: { summary: 'Alert rules, oldest first (SMTP passwords masked)' } },
    async () => alerts.rules.list(),
  );
  app.post(
    '/api/alerts/rules',
    {
      schema: {
        summary: 'Create an alert rule: a condition and its mail and/or webhook channel',
        body: ruleBody,
      },
    },
    async (request, reply) =>
      reply.status(201).send(await alerts.rules.create(request.body as AlertRuleInput)),
  );
  app.get(
    '/api/alerts/rules/:id',
    { schema: { summary: 'One alert rule (SMTP password masked)', params: idParams } },
    async (request) => alerts.rules.get((request.params as { id: string }).id),
  );
  app.put(
    '/api/alerts/rules/:id',
    {
      schema: {
        summary: 'Replace an alert rule; an SMTP URL sent back masked keeps its password',
        params: idParams,
        body: ruleBody,
      },
    },
    async (request) =>
      alerts.rules.replace((request.params as { id: string }).id, request.body as AlertRuleInput),
  );
  app.delete(
    '/api/alerts/rules/:id',
    { schema: { summary: 'Delete an alert rule and its episodes', params: idParams } },
    async (request, reply) => {
      await alerts.rules.remove((request.params as { id: string }).id);
      return reply.status(204).send();
    },
  );
  app.get(
    '/api/alerts/episodes',
    {
      schema: {
        summary: 'Alert episodes newest first, with the mail and webhook messages sent for each',
        querystring: {
          type: 'object',
          properties: {
            open: { type: 'boolean' },
            ruleId: { type: 'string', maxLength: 100 },
            limit: { type: 'integer', minimum: 1, maximum: 500 },
          },
        },
      },
    },
    async (request) => ({
      items: await alerts.listEpisodes(request.query as { open?: boolean; ruleId?: string; limit?: number }),
    }),
  );
  app.post(
    '/api/alerts/evaluate',
    {
      schema: {
        summary:
          'Evaluate every enabled rule now (the scheduler does it every minute); opened and resolved counts',
        body: { type: ['object', 'null'] },
      },
    },
    async () => alerts.evaluateNow(),
  );
}
