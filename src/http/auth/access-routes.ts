import type { FastifyInstance } from 'fastify';
import type { AccessRole } from '../../store/index.js';
import { principalOf } from './access-control.js';
import type { Auth } from './create-auth.js';
import type { UserChanges } from './user-service.js';

const admin = { access: 'admin' } as const;
const role = { type: 'string', enum: ['admin', 'agent', 'viewer'] } as const;
const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;
const params = (...names: string[]) =>
  ({
    type: 'object',
    required: names,
    properties: Object.fromEntries(names.map((n) => [n, text(200)])),
  }) as const;
const body = (required: string[], properties: Record<string, unknown>) =>
  ({ type: 'object', additionalProperties: false, required, properties }) as const;

/** Users, groups, the status-summary groups setting and API tokens: admins only, never a hash in an answer. */
export function registerAccessRoutes(app: FastifyInstance, auth: Auth): void {
  app.get('/api/users', { config: admin, schema: { summary: 'List users with role and groups' } }, async () =>
    auth.users.list(),
  );
  app.post(
    '/api/users',
    {
      config: admin,
      schema: {
        summary: 'Add a user',
        body: body(['username', 'password', 'role'], {
          username: text(100),
          password: text(1024),
          role,
          displayName: { type: ['string', 'null'], maxLength: 200 },
        }),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await auth.users.add(
            request.body as { username: string; password: string; role: AccessRole; displayName?: string },
          ),
        ),
  );
  app.patch(
    '/api/users/:username',
    {
      config: admin,
      schema: {
        summary: 'Change a user: role, display name, disabled (disabling signs the user out)',
        params: params('username'),
        body: {
          ...body([], {
            role,
            displayName: { type: ['string', 'null'], maxLength: 200 },
            disabled: { type: 'boolean' },
          }),
          minProperties: 1,
        },
      },
    },
    async (request) =>
      auth.users.update((request.params as { username: string }).username, request.body as UserChanges),
  );
  app.put(
    '/api/users/:username/password',
    {
      config: admin,
      schema: {
        summary: "Set a user's password (signs the user out everywhere)",
        params: params('username'),
        body: body(['password'], { password: text(1024) }),
      },
    },
    async (request, reply) => {
      const { username } = request.params as { username: string };
      await auth.users.setPassword(username, (request.body as { password: string }).password);
      return reply.status(204).send();
    },
  );
  app.delete(
    '/api/users/:username',
    { config: admin, schema: { summary: 'Remove a user and end its sessions', params: params('username') } },
    async (request, reply) => {
      await auth.users.remove((request.params as { username: string }).username);
      return reply.status(204).send();
    },
  );

  app.get('/api/groups', { config: admin, schema: { summary: 'List groups with members' } }, async () =>
    auth.groups.list(),
  );
  app.post(
    '/api/groups',
    {
      config: admin,
      schema: {
        summary: 'Add a group',
        body: body(['name'], { name: text(100), description: { type: ['string', 'null'], maxLength: 500 } }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await auth.groups.add(request.body as { name: string; description?: string })),
  );
  app.delete(
    '/api/groups/:name',
    { config: admin, schema: { summary: 'Remove a group', params: params('name') } },
    async (request, reply) => {
      await auth.groups.remove((request.params as { name: string }).name);
      return reply.status(204).send();
    },
  );
  app.put(
    '/api/groups/:name/members/:username',
    { config: admin, schema: { summary: 'Add a user to a group', params: params('name', 'username') } },
    async (request, reply) => {
      const p = request.params as { name: string; username: string };
      await auth.groups.addMember(p.name, p.username);
      return reply.status(204).send();
    },
  );
  app.delete(
    '/api/groups/:name/members/:username',
    { config: admin, schema: { summary: 'Remove a user from a group', params: params('name', 'username') } },
    async (request, reply) => {
      const p = request.params as { name: string; username: string };
      await auth.groups.removeMember(p.name, p.username);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/settings/status-groups',
    {
      config: admin,
      schema: { summary: 'Groups whose members may see the status summary (admins always may)' },
    },
    async () => ({ groups: await auth.groups.statusGroups() }),
  );
  app.put(
    '/api/settings/status-groups',
    {
      config: admin,
      schema: {
        summary: 'Choose the groups whose members may see the status summary',
        body: body(['groups'], { groups: { type: 'array', maxItems: 200, items: text(100) } }),
      },
    },
    async (request) => ({
      groups: await auth.groups.setStatusGroups((request.body as { groups: string[] }).groups),
    }),
  );

  app.get(
    '/api/tokens',
    { config: admin, schema: { summary: 'List API tokens (never the tokens)' } },
    async () => auth.tokens.list(),
  );
  app.post(
    '/api/tokens',
    {
      config: admin,
      schema: {
        summary: 'Create an API token; the answer carries it once',
        body: body(['name', 'role'], {
          name: text(100),
          role,
          expiresAt: { type: ['string', 'null'], maxLength: 40 },
        }),
      },
    },
    async (request, reply) => {
      const input = request.body as { name: string; role: AccessRole; expiresAt?: string | null };
      const created = await auth.tokens.create({ ...input, createdBy: principalOf(request).name });
      return reply.status(201).send({ ...created.view, token: created.token });
    },
  );
  app.delete(
    '/api/tokens/:id',
    { config: admin, schema: { summary: 'Revoke an API token', params: params('id') } },
    async (request, reply) => {
      await auth.tokens.revoke((request.params as { id: string }).id);
      return reply.status(204).send();
    },
  );
}
