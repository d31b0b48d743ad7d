import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { SimulatorCore } from '../core.js';
import { aadstsError } from './aadsts-errors.js';
import { isTenantIdentifier } from './token-route.js';

/** The simulator's own origin as the client reached it. */
export function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.headers.host ?? 'localhost'}`;
}

/** An OpenID configuration for one tenant, with every endpoint on the simulator (shape of Entra's v2.0 document). */
export function openIdConfiguration(origin: string, tenantId: string): Record<string, unknown> {
  return {
    token_endpoint: `${origin}/${tenantId}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${origin}/${tenantId}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    // msal validates that a fetched document's issuer has the authority's scheme, host and port (§A.6 rule 3).
    issuer: `${origin}/${tenantId}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${origin}/oidc/userinfo`,
    authorization_endpoint: `${origin}/${tenantId}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${origin}/${tenantId}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${origin}/${tenantId}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'tid', 'ver', 'oid'],
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
  };
}

/** OpenID configuration, the keys document and instance discovery (graph-protocol.md §A.5). */
export const discoveryRoutes: FastifyPluginAsync<{ core: SimulatorCore }> = async (app, { core }) => {
  const logged = (request: FastifyRequest, status: number, operation: string): void => {
    const now = new Date(core.clock.nowMs()).toISOString();
    core.requestLog.add({
      kind: 'entra',
      method: request.method,
      path: request.url,
      status,
      operation,
      startedAt: now,
      finishedAt: now,
      durationMs: 0,
    });
  };

  app.get<{ Params: { tenant: string } }>(
    '/:tenant/v2.0/.well-known/openid-configuration',
    async (request, reply) => {
      const ref = request.params.tenant;
      const special = ['common', 'organizations'].includes(ref.toLowerCase());
      const tenant = special ? undefined : core.state.findTenant(ref);
      if (!special && !tenant) {
        const ids = { traceId: randomUUID(), correlationId: randomUUID(), nowMs: core.clock.nowMs() };
        const error = isTenantIdentifier(ref)
          ? aadstsError(90002, { tenant: ref }, ids)
          : aadstsError(900023, { tenant: ref }, ids);
        logged(request, error.status, 'discovery.openid-configuration');
        return reply.code(error.status).send(error.body);
      }
      logged(request, 200, 'discovery.openid-configuration');
      return openIdConfiguration(originOf(request), tenant?.id ?? '{tenantid}');
    },
  );

  const keys = async (request: FastifyRequest) => {
    logged(request, 200, 'discovery.keys');
    return { keys: [core.keys.jwk] };
  };
  app.get('/:tenant/discovery/v2.0/keys', keys);
  app.get('/:tenant/discovery/keys', keys);

  app.get('/common/discovery/instance', async (request) => {
    const host = request.headers.host ?? 'localhost';
    logged(request, 200, 'discovery.instance');
    return {
      tenant_discovery_endpoint: `${originOf(request)}/{tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    };
  });
};
