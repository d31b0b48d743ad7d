import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { RequestKind } from '../request-log.js';
import { InvalidMessageError } from '../tenant/message-factory.js';
import type { MessageInput } from '../types.js';
import { ControlNotFoundError, type SimulatorControl } from './control-api.js';
import { ControlBadRequestError, controlBodies, parseControlBody } from './request-bodies.js';

type Handler = (control: SimulatorControl, request: FastifyRequest, reply: FastifyReply) => unknown;

const params = (request: FastifyRequest): Record<string, string> => request.params as Record<string, string>;
// Every body is checked whole before the control call, so a bad one changes nothing.
const body = <T>(request: FastifyRequest, schema: z.ZodType<T>): T => parseControlBody(schema, request.body);

// Graph JSON of a message; the message factory checks its fields, this only refuses what is not an object.
function messageInput(value: unknown): MessageInput {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new ControlBadRequestError(
      'invalid request body (body: expected a Graph message object or RFC 822)',
    );
  return value as MessageInput;
}

// One small handler per control operation; docs/simulator.md lists them with curl examples.
const routes: Array<[method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, handler: Handler]> = [
  ['GET', '/_sim/info', (c) => c.info()],
  [
    'POST',
    '/_sim/tenants',
    (c, r, reply) => reply.code(201).send(c.addTenant(body(r, controlBodies.tenant))),
  ],
  [
    'POST',
    '/_sim/tenants/:tenant/apps',
    (c, r, reply) => reply.code(201).send(c.addApp(params(r).tenant ?? '', body(r, controlBodies.app))),
  ],
  [
    'POST',
    '/_sim/tenants/:tenant/mailboxes',
    (c, r, reply) =>
      reply.code(201).send(c.addMailbox(params(r).tenant ?? '', body(r, controlBodies.mailbox))),
  ],
  [
    'POST',
    '/_sim/apps/:clientId/secrets',
    (c, r, reply) =>
      reply.code(201).send(c.addSecret(params(r).clientId ?? '', body(r, controlBodies.secret))),
  ],
  [
    'POST',
    '/_sim/apps/:clientId/certificates',
    (c, r, reply) => {
      const pem = typeof r.body === 'string' ? r.body : body(r, controlBodies.certificate).certificatePem;
      return reply.code(201).send(c.addCertificate(params(r).clientId ?? '', pem));
    },
  ],
  [
    'PUT',
    '/_sim/apps/:clientId/roles',
    (c, r) => c.setRoles(params(r).clientId ?? '', body(r, controlBodies.roles).roles),
  ],
  [
    'PUT',
    '/_sim/apps/:clientId/access-policy',
    (c, r) => c.setAccessPolicy(params(r).clientId ?? '', body(r, controlBodies.accessPolicy).mailboxes),
  ],
  [
    'PUT',
    '/_sim/users/:upn/enabled',
    (c, r) => c.setMailboxEnabled(params(r).upn ?? '', body(r, controlBodies.enabled).enabled),
  ],
  [
    'POST',
    '/_sim/users/:upn/messages',
    async (c, r, reply) => {
      const folder = (r.query as { folder?: string }).folder;
      const input = Buffer.isBuffer(r.body) || typeof r.body === 'string' ? r.body : messageInput(r.body);
      return reply.code(201).send(await c.deliver(params(r).upn ?? '', input, { folder }));
    },
  ],
  [
    'GET',
    '/_sim/users/:upn/messages',
    (c, r) => ({ value: c.listMessages(params(r).upn ?? '', (r.query as { folder?: string }).folder) }),
  ],
  ['GET', '/_sim/faults', (c) => ({ value: c.listFaults() })],
  ['POST', '/_sim/faults', (c, r, reply) => reply.code(201).send(c.addFault(body(r, controlBodies.fault)))],
  ['PUT', '/_sim/faults', (c, r) => ({ value: c.setFaults(body(r, controlBodies.faults)) })],
  ['DELETE', '/_sim/faults', (c, _r, reply) => (c.clearFaults(), reply.code(204).send())],
  [
    'DELETE',
    '/_sim/faults/:id',
    (c, r, reply) => reply.code(c.removeFault(params(r).id ?? '') ? 204 : 404).send(),
  ],
  [
    'GET',
    '/_sim/requests',
    (c, r) => {
      const q = r.query as { kind?: RequestKind; mailbox?: string; operation?: string; sinceSeq?: string };
      const sinceSeq = q.sinceSeq === undefined ? undefined : Number(q.sinceSeq);
      if (sinceSeq !== undefined && !Number.isSafeInteger(sinceSeq))
        throw new ControlBadRequestError(`sinceSeq '${q.sinceSeq}' is not a whole number`);
      return { value: c.requestLog({ ...q, sinceSeq }) };
    },
  ],
  ['DELETE', '/_sim/requests', (c, _r, reply) => (c.clearRequestLog(), reply.code(204).send())],
  ['GET', '/_sim/subscriptions', (c) => ({ value: c.listSubscriptions() })],
  [
    'DELETE',
    '/_sim/subscriptions/:id',
    (c, r, reply) =>
      reply
        .code(
          c.removeSubscription(params(r).id ?? '', {
            notify: body(r, controlBodies.removeSubscription).notify !== false,
          })
            ? 204
            : 404,
        )
        .send(),
  ],
  [
    'POST',
    '/_sim/subscriptions/:id/lifecycle',
    (c, r) => {
      const b = body(r, controlBodies.lifecycle);
      const sent = c.fireLifecycleEvent(params(r).id ?? '', b.event, {
        pauseDelivery: b.pauseDelivery === true,
      });
      return { sent };
    },
  ],
  [
    'POST',
    '/_sim/delta/expire',
    (c, r, reply) => (
      c.expireDeltaTokens(body(r, controlBodies.expireDelta).mailbox),
      reply.code(204).send()
    ),
  ],
  ['GET', '/_sim/time', (c) => ({ now: c.now().toISOString(), timeScale: c.info().timeScale })],
  [
    'POST',
    '/_sim/time/advance',
    (c, r) => {
      const b = body(r, controlBodies.advanceTime);
      c.advanceTime((b.ms ?? 0) + (b.minutes ?? 0) * 60_000);
      return { now: c.now().toISOString() };
    },
  ],
  [
    'PUT',
    '/_sim/time/scale',
    (c, r) => {
      const { factor } = body(r, controlBodies.timeScale);
      c.setTimeScale(factor);
      return { timeScale: factor };
    },
  ],
];

/** The unauthenticated `/_sim` control surface (test and demo controls). */
export const controlRoutes: FastifyPluginAsync<{ control: SimulatorControl }> = async (app, { control }) => {
  app.addContentTypeParser(
    ['message/rfc822', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: 150 * 1024 * 1024 },
    (_r, b, done) => done(null, b),
  );
  app.addContentTypeParser(['text/plain', 'application/x-pem-file'], { parseAs: 'string' }, (_r, b, done) =>
    done(null, b),
  );
  app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
    const status =
      error instanceof ControlNotFoundError
        ? 404
        : error instanceof RangeError ||
            error instanceof TypeError ||
            error instanceof InvalidMessageError ||
            error instanceof ControlBadRequestError
          ? 400
          : (error.statusCode ?? 500);
    return reply
      .code(status)
      .send({ error: { code: status === 404 ? 'NotFound' : 'BadRequest', message: error.message } });
  });
  for (const [method, path, handler] of routes) {
    app.route({ method, url: path, handler: (request, reply) => handler(control, request, reply) });
  }
};
