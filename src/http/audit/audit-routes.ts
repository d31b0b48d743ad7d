import type { FastifyInstance } from 'fastify';
import type { AuditQuery, AuditRepository } from './audit-repository.js';

/** `GET /api/audit`: the audit log, newest first; admins only. */
export function registerAuditRoutes(app: FastifyInstance, audit: AuditRepository): void {
  app.get(
    '/api/audit',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'The audit log of admin actions (who, what, when, from where), newest first, paged',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            actor: { type: 'string', maxLength: 200 },
            action: { type: 'string', maxLength: 200 },
            since: { type: 'string', format: 'date-time' },
            until: { type: 'string', format: 'date-time' },
            page: { type: 'integer', minimum: 1 },
            pageSize: { type: 'integer', minimum: 1, maximum: 200 },
          },
        },
      },
    },
    async (request) => {
      const page = await audit.list(request.query as AuditQuery);
      return { ...page, hasMore: page.page * page.pageSize < page.total };
    },
  );
}
