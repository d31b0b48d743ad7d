import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isoNow, type Clock, type Logger } from '../../shared/index.js';
import type { AuditRepository, NewAuditEntry } from './audit-repository.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Changes worth a line: every change under /api/ (sign-in and sign-out included) and the metrics scrape is not. */
const audited = (request: FastifyRequest) =>
  !safeMethods.has(request.method) && (request.routeOptions.url ?? '').startsWith('/api/');

/** Top-level field names of a JSON object body; never a value (they may be passwords, tokens, SMTP URLs). */
function fieldNamesOf(body: unknown): string[] | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || Buffer.isBuffer(body)) return null;
  return Object.keys(body).sort();
}

function actorOf(request: FastifyRequest): NewAuditEntry['actor'] {
  const principal = request.principal;
  if (principal) return { kind: principal.kind, name: principal.name };
  // A sign-in: who tried, by the user name typed (the password is never read here).
  const body = request.body as { username?: unknown } | undefined;
  const typed = typeof body?.username === 'string' ? body.username.slice(0, 200) : null;
  return { kind: 'anonymous', name: typed };
}

function paramsOf(request: FastifyRequest): Record<string, string> | null {
  const params = request.params as Record<string, unknown> | undefined;
  if (!params || Object.keys(params).length === 0) return null;
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v).slice(0, 200)]));
}

/**
 * Writes one audit line per change made through the admin API, after the answer went out (it never delays or
 * fails the request): who (the signed-in user or token, or the user name of a sign-in), what (method, route
 * pattern, path parameters, the names of the fields sent), the outcome status, when and from where.
 */
export function installAuditLog(
  app: FastifyInstance,
  deps: { audit: AuditRepository; clock: Clock; log: Logger },
): void {
  app.addHook('onResponse', async (request, reply) => {
    if (!audited(request)) return;
    const entry: NewAuditEntry = {
      at: isoNow(deps.clock),
      actor: actorOf(request),
      action: `${request.method} ${request.routeOptions.url ?? request.url}`,
      target: paramsOf(request),
      fields: fieldNamesOf(request.body),
      status: reply.statusCode,
      ip: request.ip ?? null,
      userAgent:
        typeof request.headers['user-agent'] === 'string'
          ? request.headers['user-agent'].slice(0, 300)
          : null,
    };
    try {
      await deps.audit.append(entry);
    } catch (error) {
      deps.log.error({ err: error, action: entry.action }, 'could not write the audit log');
    }
  });
}
