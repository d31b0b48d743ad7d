import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpBadRequest } from '../errors/index.js';

/** The intake functions the Graph routes call. */
interface GraphIntake {
  accept(body: unknown): Promise<unknown>;
}

/** Graph's validation token is opaque text; echo it only when it is a plain string of sane length. */
const saneToken = /^[\x20-\x7E]{1,1024}$/;

/**
 * Answers the validation handshake first (graph-protocol §B.2: 200 text/plain with the token, within 10 s), then
 * hands the body to intake and answers 202 (Graph drops endpoints slower than a few seconds).
 */
function graphEndpoint(intake: GraphIntake) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const token = (request.query as { validationToken?: unknown }).validationToken;
    if (token !== undefined) {
      if (typeof token !== 'string' || !saneToken.test(token)) {
        throw HttpBadRequest.create({
          reason: 'validationToken must be printable text of at most 1,024 characters',
        });
      }
      return reply.status(200).type('text/plain; charset=utf-8').send(token);
    }
    const result = await intake.accept(request.body);
    if (result === null)
      throw HttpBadRequest.create({ reason: 'expected a JSON change notification collection' });
    return reply.status(202).send();
  };
}

/** The only routes that must be reachable from the internet: notifications and lifecycle events. */
export function registerGraphRoutes(
  app: FastifyInstance,
  deps: { notifications: GraphIntake; lifecycle: GraphIntake; bodyLimitBytes?: number },
): void {
  // Graph's handshake POST carries `text/plain` and an empty body; accept it without parsing.
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  const options = { bodyLimit: deps.bodyLimitBytes ?? 1024 * 1024 };
  app.post('/graph/notifications', options, graphEndpoint(deps.notifications));
  app.post('/graph/lifecycle', options, graphEndpoint(deps.lifecycle));
}
