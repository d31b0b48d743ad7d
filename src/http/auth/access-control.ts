import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AccessForbidden, CsrfTokenInvalid, Unauthorized } from '../../errors/index.js';
import { readCookie, sessionCookieName } from './cookies.js';
import type { Auth, Principal } from './create-auth.js';

/**
 * Who may call a route. `public`: anyone (login, static UI). `read`: any signed-in user or token. `self`: any
 * principal, also for changes to its own session or password. `status`: whoever may see the status summary.
 * `work`: agents and admins (ticket actions). `admin`: admins only. Unset: `read` for GET and HEAD, `admin` for
 * every other method (deny by default).
 */
type Access = 'public' | 'read' | 'self' | 'status' | 'work' | 'admin';

/** Header a browser session must send with every change: the session's CSRF token. */
const csrfHeader = 'x-csrf-token';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route (see `Access`). */
    access?: Access;
  }
  interface FastifyRequest {
    /** The authenticated caller; null on public routes. */
    principal: Principal | null;
  }
}

/** The access a route requires. */
function accessOf(request: FastifyRequest): Access {
  return request.routeOptions.config.access ?? (safeMethods.has(request.method) ? 'read' : 'admin');
}

async function authenticate(request: FastifyRequest, auth: Auth): Promise<Principal | null> {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    // A bearer token never falls back to the cookie: a wrong token is a wrong token.
    return header.startsWith('Bearer ') ? auth.fromBearer(header.slice('Bearer '.length).trim()) : null;
  }
  const cookie = readCookie(request.headers.cookie, sessionCookieName(auth.secureCookies));
  return cookie ? auth.fromSession(cookie) : null;
}

function sameToken(sent: unknown, expected: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The principal of a request that passed the access hook (routes with an access other than `public`). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw Unauthorized.create();
  return request.principal;
}

/**
 * Authenticates and authorises every route registered in `app` and its children, unless a route declares
 * `config.access = 'public'`. Changes made with a browser session must carry the session's CSRF token in
 * `x-csrf-token` (a custom header a cross-site form cannot send); bearer tokens are not ambient, so they need none.
 */
export function installAccessControl(app: FastifyInstance, auth: Auth): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request, reply) => {
    const access = accessOf(request);
    if (access === 'public') return;
    const principal = await authenticate(request, auth);
    if (!principal) throw Unauthorized.create();
    request.principal = principal;
    void reply.header('cache-control', 'no-store');
    if (principal.kind === 'user' && !safeMethods.has(request.method)) {
      if (!sameToken(request.headers[csrfHeader], principal.session.csrfToken))
        throw CsrfTokenInvalid.create();
    }
    if (access === 'admin' && principal.role !== 'admin')
      throw AccessForbidden.create({ needed: 'the admin role' });
    if (access === 'work' && principal.role !== 'admin' && principal.role !== 'agent')
      throw AccessForbidden.create({ needed: 'the agent or admin role' });
    if (access === 'status' && !(await auth.canSeeStatus(principal))) {
      throw AccessForbidden.create({ needed: 'the admin role or a group chosen for the status summary' });
    }
  });
}
