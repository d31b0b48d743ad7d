import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { FaultRule } from '../faults.js';
import type { RequestKind } from '../request-log.js';
import { InvalidMessageError } from '../tenant/message-factory.js';
import type { LifecycleEventName, MailRole, MessageInput } from '../types.js';
import { ControlNotFoundError, type SimulatorControl } from './control-api.js';

type Body = Record<string, unknown>;
type Handler = (control: SimulatorControl, request: FastifyRequest, reply: FastifyReply) => unknown;

const params = (request: FastifyRequest): Record<string, string> => request.params as Record<string, string>;
const body = (request: FastifyRequest): Body =>
  request.body && typeof request.body === 'object' ? (request.body as Body) : {};

// One small handler per control operation; docs/simulator.md lists them with curl examples.
const routes: Array<[method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, handler: Handler]> = [
  ['GET', '/_sim/info', (c) => c.info()],
  [
    'POST',
    '/_sim/tenants',
    (c, r, reply) => reply.code(201).send(c.addTenant(body(r) as { domain: string })),
  ],
  [
    'POST',
    '/_sim/tenants/:tenant/apps',
    (c, r, reply) =>
      reply.code(201).send(c.addApp(params(r).tenant ?? '', body(r) as { roles?: MailRole[] })),
  ],
  [
    'POST',
    '/_sim/tenants/:tenant/mailboxes',
    (c, r, reply) =>
      reply.code(201).send(c.addMailbox(params(r).tenant ?? '', body(r) as { address: string })),
  ],
  [
    'POST',
    '/_sim/apps/:clientId/secrets',
    (c, r, reply) => reply.code(201).send(c.addSecret(params(r).clientId ?? '', body(r))),
  ],
  [
    'POST',
    '/_sim/apps/:clientId/certificates',
    (c, r, reply) => {
      const pem = typeof r.body === 'string' ? r.body : String(body(r).certificatePem ?? '');
      return reply.code(201).send(c.addCertificate(params(r).clientId ?? '', pem));
    },
  ],
  [
    'PUT',
    '/_sim/apps/:clientId/roles',
    (c, r) => c.setRoles(params(r).clientId ?? '', (body(r).roles ?? []) as MailRole[]),
  ],
  [
    'PUT',
    '/_sim/apps/:clientId/access-policy',
    (c, r) => c.setAccessPolicy(params(r).clientId ?? '', (body(r).mailboxes ?? null) as string[] | null),
  ],
  [
    'PUT',
    '/_sim/users/:upn/enabled',
    (c, r) => c.setMailboxEnabled(params(r).upn ?? '', body(r).enabled !== false),
  ],
  [
    'POST',
    '/_sim/users/:upn/messages',
    async (c, r, reply) => {
      const folder = (r.query as { folder?: string }).folder;
      const input =
        Buffer.isBuffer(r.body) || typeof r.body === 'string' ? r.body : (body(r) as MessageInput);
      return reply.code(201).send(await c.deliver(params(r).upn ?? '', input, { folder }));
    },
  ],
  [
    'GET',
    '/_sim/users/:upn/messages',
    (c, r) => ({ value: c.listMessages(params(r).upn ?? '', (r.query as { folder?: string }).folder) }),
  ],
  ['GET', '/_sim/faults', (c) => ({ value: c.listFaults() })],
  [
    'POST',
    '/_sim/faults',
    (c, r, reply) => reply.code(201).send(c.addFault(body(r) as unknown as FaultRule)),
  ],
  [
    'PUT',
    '/_sim/faults',
    (c, r) => ({ value: c.setFaults((Array.isArray(r.body) ? r.body : []) as FaultRule[]) }),
  ],
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
      return {
        value: c.requestLog({ ...q, sinceSeq: q.sinceSeq === undefined ? undefined : Number(q.sinceSeq) }),
      };
    },
  ],
  ['DELETE', '/_sim/requests', (c, _r, reply) => (c.clearRequestLog(), reply.code(204).send())],
  ['GET', '/_sim/subscriptions', (c) => ({ value: c.listSubscriptions() })],
  [
    'DELETE',
    '/_sim/subscriptions/:id',
    (c, r, reply) =>
      reply
        .code(c.removeSubscription(params(r).id ?? '', { notify: body(r).notify !== false }) ? 204 : 404)
        .send(),
  ],
  [
    'POST',
    '/_sim/subscriptions/:id/lifecycle',
    (c, r) => {
      const b = body(r);
      const sent = c.fireLifecycleEvent(params(r).id ?? '', b.event as LifecycleEventName, {
        pauseDelivery: b.pauseDelivery === true,
      });
      return { sent };
    },
  ],
  [
    'POST',
    '/_sim/delta/expire',
    (c, r, reply) => (
      c.expireDeltaTokens(typeof body(r).mailbox === 'string' ? (body(r).mailbox as string) : undefined),
      reply.code(204).send()
    ),
  ],
  ['GET', '/_sim/time', (c) => ({ now: c.now().toISOString(), timeScale: c.info().timeScale })],
  [
    'POST',
    '/_sim/time/advance',
    (c, r) => {
      const b = body(r);
      c.advanceTime(Number(b.ms ?? 0) + Number(b.minutes ?? 0) * 60_000);
      return { now: c.now().toISOString() };
    },
  ],
  [
    'PUT',
    '/_sim/time/scale',
    (c, r) => (c.setTimeScale(Number(body(r).factor)), { timeScale: Number(body(r).factor) }),
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
        : error instanceof RangeError || error instanceof TypeError || error instanceof InvalidMessageError
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
