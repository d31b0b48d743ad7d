import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { SimulatorCore } from '../core.js';
import { accessTokenLifetimeSeconds, issueAccessToken } from './access-token.js';
import { aadstsError, type AadstsCode } from './aadsts-errors.js';
import { authenticateClient } from './client-authentication.js';

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const dnsPattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const graphScopes = new Set([
  'https://graph.microsoft.com/.default',
  'https://graph.microsoft.com//.default',
  '00000003-0000-0000-c000-000000000000/.default',
]);

/** Whether a tenant segment is shaped like a GUID or a DNS name (else AADSTS900023). */
export function isTenantIdentifier(segment: string): boolean {
  return guidPattern.test(segment) || dnsPattern.test(segment);
}

function basicCredentials(header: string | undefined): { clientId?: string; secret?: string } {
  if (!header?.toLowerCase().startsWith('basic ')) return {};
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return {};
  // RFC 6749 §2.3.1: both parts are form-urlencoded before being joined.
  const unescape = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
  return { clientId: unescape(decoded.slice(0, colon)), secret: unescape(decoded.slice(colon + 1)) };
}

/** Entra's v2.0 token endpoint for the client-credentials grant (graph-protocol.md §A.1–A.3). */
export const tokenRoutes: FastifyPluginAsync<{ core: SimulatorCore }> = async (app, { core }) => {
  // msal-node sends `application/x-www-form-urlencoded;charset=utf-8` and extra telemetry fields; unknown fields
  // and the `client-request-id` query parameter are ignored, as Entra does.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  app.post<{ Params: { tenant: string }; Querystring: Record<string, string> }>(
    '/:tenant/oauth2/v2.0/token',
    async (request, reply) => {
      const started = core.clock.nowMs();
      const realStart = performance.now();
      const form = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<
        string,
        string
      >;
      const correlationId = request.query['client-request-id'] ?? form['client-request-id'] ?? randomUUID();
      const traceId = randomUUID();
      const basic = basicCredentials(request.headers.authorization);
      const clientId = form.client_id ?? basic.clientId;
      let errorCode: string | undefined;
      let fault: string | undefined;

      const fail = (code: AadstsCode, params: Record<string, string>, status?: number): FastifyReply => {
        const error = aadstsError(code, params, {
          traceId,
          correlationId,
          nowMs: core.clock.nowMs(),
          status,
        });
        errorCode = `AADSTS${code}`;
        return send(reply, error.status, error.body);
      };
      const send = (r: FastifyReply, status: number, body: unknown): FastifyReply =>
        r
          .code(status)
          .header('cache-control', 'no-store, no-cache')
          .header('pragma', 'no-cache')
          .header('x-ms-request-id', traceId)
          .header('client-request-id', correlationId)
          .type('application/json; charset=utf-8')
          .send(body);

      const answer = async (): Promise<FastifyReply> => {
        const tenantRef = request.params.tenant;
        if (!isTenantIdentifier(tenantRef)) return fail(900023, { tenant: tenantRef });
        const tenant = core.state.findTenant(tenantRef);
        if (!tenant) return fail(90002, { tenant: tenantRef });
        const grantType = form.grant_type;
        if (!grantType) return fail(900144, { parameter: 'grant_type' });
        if (grantType !== 'client_credentials') return fail(70003, { grantType });
        if (!clientId) return fail(900144, { parameter: 'client_id' });
        const scope = form.scope;
        if (!scope) return fail(900144, { parameter: 'scope' });
        if (!scope.split(' ').every((s) => graphScopes.has(s))) return fail(70011, { scope });
        const app = tenant.apps.get(clientId.toLowerCase());
        if (!app) return fail(700016, { appId: clientId, tenant: tenantRef });
        const auth = await authenticateClient(
          app,
          {
            clientSecret: form.client_secret ?? basic.secret,
            clientAssertion: form.client_assertion,
            clientAssertionType: form.client_assertion_type,
          },
          core.clock.nowMs(),
        );
        if (!auth.ok) return fail(auth.code, auth.params);
        const decision = core.faults.forRequest({ operation: 'token' });
        if (decision.latencyMs > 0) await new Promise((r) => setTimeout(r, decision.latencyMs));
        if (decision.failure) {
          fault = decision.failure.faultId;
          // msal-node stops calling for Retry-After seconds (60 s without it) after a 429/5xx (§A.3).
          if (decision.failure.retryAfterSeconds !== undefined) {
            reply.header('retry-after', String(decision.failure.retryAfterSeconds));
          }
          return fail(90033, {}, decision.failure.status);
        }
        const token = await issueAccessToken(core.keys, core.random, {
          app,
          credential: auth.credential,
          nowMs: core.clock.nowMs(),
        });
        return send(reply, 200, {
          token_type: 'Bearer',
          expires_in: accessTokenLifetimeSeconds,
          ext_expires_in: accessTokenLifetimeSeconds,
          access_token: token,
        });
      };

      const result = await answer();
      const finished = core.clock.nowMs();
      core.requestLog.add({
        kind: 'entra',
        method: 'POST',
        path: request.url,
        status: reply.statusCode,
        operation: 'token',
        clientId,
        errorCode,
        fault,
        requestId: traceId,
        startedAt: new Date(started).toISOString(),
        finishedAt: new Date(finished).toISOString(),
        durationMs: Math.round((performance.now() - realStart) * 100) / 100,
      });
      return result;
    },
  );
};
