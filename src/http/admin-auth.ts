import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Unauthorized } from '../errors/index.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Checks a bearer token in constant time. */
export function createBearerCheck(adminToken: string | null): (request: FastifyRequest) => boolean {
  const expected = adminToken ? digest(adminToken) : null;
  return (request) => {
    const header = request.headers.authorization;
    if (!expected || typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
    return timingSafeEqual(expected, digest(header.slice('Bearer '.length)));
  };
}

/** Requires the admin token on every route registered inside `app` (an encapsulated plugin). */
export function requireAdminToken(app: FastifyInstance, adminToken: string | null): void {
  const check = createBearerCheck(adminToken);
  app.addHook('onRequest', async (request) => {
    if (!check(request)) throw Unauthorized.create();
  });
}
