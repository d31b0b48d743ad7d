import type { FastifyInstance, FastifyReply } from 'fastify';
import { LoginRateLimited, AccessForbidden } from '../../errors/index.js';
import { principalOf } from './access-control.js';
import { clearedSessionCookie, sessionCookie } from './cookies.js';
import type { Auth, Principal } from './create-auth.js';

const credentials = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'password'],
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 100 },
    password: { type: 'string', minLength: 1, maxLength: 1024 },
  },
} as const;

/** What the UI learns about the caller: name, role, groups, the CSRF token to echo, and what it may see. */
async function sessionView(auth: Auth, principal: Principal) {
  return {
    user: {
      name: principal.name,
      displayName: principal.kind === 'user' ? principal.displayName : null,
      role: principal.role,
      groups: principal.groups,
      kind: principal.kind,
    },
    csrfToken: principal.kind === 'user' ? principal.session.csrfToken : null,
    expiresAt: principal.kind === 'user' ? principal.session.expiresAt : null,
    canSeeStatus: await auth.canSeeStatus(principal),
  };
}

/** Sign-in (the one public API route), sign-out, the current session, and changing one's own password. */
export function registerAuthRoutes(app: FastifyInstance, auth: Auth): void {
  const cookie = (reply: FastifyReply, value: string | null) =>
    reply.header(
      'set-cookie',
      value === null
        ? clearedSessionCookie(auth.secureCookies)
        : sessionCookie(value, { secure: auth.secureCookies, maxAgeSeconds: auth.sessions.maxAgeSeconds }),
    );

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Sign in with a user name and password; sets the session cookie',
        body: credentials,
      },
    },
    async (request, reply) => {
      const body = request.body as { username: string; password: string };
      try {
        const { token, principal } = await auth.login({
          ...body,
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
        });
        cookie(reply, token);
        return await sessionView(auth, principal);
      } catch (error) {
        if (LoginRateLimited.is(error))
          void reply.header('retry-after', String(error.params.retryAfterSeconds));
        throw error;
      }
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { access: 'self' }, schema: { summary: 'Sign out: ends the session and clears its cookie' } },
    async (request, reply) => {
      const principal = principalOf(request);
      if (principal.kind === 'user') await auth.sessions.end(principal.session.idHash);
      cookie(reply, null);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/auth/session',
    {
      schema: {
        summary: 'The caller: name, role, groups, CSRF token and whether it may see the status summary',
      },
    },
    async (request) => sessionView(auth, principalOf(request)),
  );

  app.post(
    '/api/auth/password',
    {
      config: { access: 'self' },
      schema: {
        summary: 'Change your own password (ends your other sessions)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['currentPassword', 'newPassword'],
          properties: {
            currentPassword: { type: 'string', maxLength: 1024 },
            newPassword: { type: 'string', maxLength: 1024 },
          },
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (principal.kind !== 'user') throw AccessForbidden.create({ needed: 'a signed-in user' });
      const body = request.body as { currentPassword: string; newPassword: string };
      await auth.users.changeOwnPassword(
        principal.id,
        body.currentPassword,
        body.newPassword,
        principal.session.idHash,
      );
      return reply.status(204).send();
    },
  );
}
