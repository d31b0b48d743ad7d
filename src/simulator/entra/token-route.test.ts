import { ConfidentialClientApplication, ServerError } from '@azure/msal-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoTenant, type Simulator } from '../index.js';
import { startSimulator } from '../test-support/helpers.js';
import { createSelfSignedCertificate } from './self-signed-certificate.js';

let sim: Simulator;
let url: string;
const scopes = ['https://graph.microsoft.com/.default'];

beforeEach(async () => {
  ({ sim, url } = await startSimulator());
});
afterEach(() => sim.close());

/**
 * msal-node as production uses it: the real authority string, with `authorityMetadata` pointing the token endpoint at
 * the simulator (graph-protocol.md §A.6), so msal never calls a Microsoft host.
 */
function msalApp(options: {
  tenant?: string;
  clientId?: string;
  clientSecret?: string;
  clientCertificate?: { thumbprintSha256: string; privateKey: string };
}) {
  const tenant = options.tenant ?? demoTenant.tenantId;
  const base = `http://${new URL(url).host}/${tenant}`;
  return new ConfidentialClientApplication({
    auth: {
      clientId: options.clientId ?? demoTenant.clientId,
      authority: `https://login.microsoftonline.com/${tenant}`,
      ...(options.clientSecret === undefined ? {} : { clientSecret: options.clientSecret }),
      ...(options.clientCertificate ? { clientCertificate: options.clientCertificate } : {}),
      authorityMetadata: JSON.stringify({
        token_endpoint: `${base}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        issuer: `https://login.microsoftonline.com/${tenant}/v2.0`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
      }),
      cloudDiscoveryMetadata: JSON.stringify({
        tenant_discovery_endpoint: `https://login.microsoftonline.com/${tenant}/v2.0/.well-known/openid-configuration`,
        metadata: [
          {
            preferred_network: 'login.microsoftonline.com',
            preferred_cache: 'login.windows.net',
            aliases: ['login.microsoftonline.com', 'login.windows.net'],
          },
        ],
      }),
    },
  });
}

async function serverError(promise: Promise<unknown>): Promise<ServerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServerError);
  return error as ServerError;
}

describe('Entra token endpoint with @azure/msal-node 7', () => {
  it('issues an app-only Graph token for the demo secret, with roles, tid and appid', async () => {
    const result = await msalApp({ clientSecret: demoTenant.clientSecret }).acquireTokenByClientCredential({
      scopes,
    });
    expect(result?.accessToken).toBeTruthy();
    const claims = JSON.parse(
      Buffer.from(result?.accessToken.split('.')[1] ?? '', 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      iss: `https://sts.windows.net/${demoTenant.tenantId}/`,
      tid: demoTenant.tenantId,
      appid: demoTenant.clientId,
      appidacr: '1',
      idtyp: 'app',
      ver: '1.0',
    });
    expect(claims.roles).toEqual(['Mail.Read', 'Mail.ReadBasic', 'Mail.ReadWrite', 'Mail.Send']);
    expect(sim.control.requestLog({ kind: 'entra' }).every((e) => e.operation === 'token')).toBe(true);
  });

  it('accepts a client assertion signed by a registered certificate (tenant addressed by domain)', async () => {
    const cert = createSelfSignedCertificate({ commonName: 'ms-inbox test' });
    sim.control.addCertificate(demoTenant.clientId, cert.certificatePem);
    const result = await msalApp({
      tenant: demoTenant.domain,
      clientCertificate: { thumbprintSha256: cert.thumbprintSha256, privateKey: cert.privateKeyPem },
    }).acquireTokenByClientCredential({ scopes });
    const claims = JSON.parse(
      Buffer.from(result?.accessToken.split('.')[1] ?? '', 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(claims.appidacr).toBe('2');
  });

  it('refuses an assertion signed by an unregistered certificate with AADSTS700027', async () => {
    const stranger = createSelfSignedCertificate({ commonName: 'stranger' });
    const error = await serverError(
      msalApp({
        clientCertificate: {
          thumbprintSha256: stranger.thumbprintSha256,
          privateKey: stranger.privateKeyPem,
        },
      }).acquireTokenByClientCredential({ scopes }),
    );
    expect(error.errorCode).toBe('invalid_client');
    expect(String(error.errorNo)).toBe('700027');
  });

  it('reports each AADSTS error as a ServerError with its code, number and status', async () => {
    const expired = sim.control.addApp(demoTenant.tenantId, { roles: ['Mail.Read'] });
    sim.control.addSecret(expired.clientId, {
      value: 'old8Q~expired-secret-value',
      expiresAt: '2020-01-01T00:00:00Z',
    });
    const cases = [
      { app: msalApp({ clientSecret: 'wrong' }), code: 'invalid_client', no: '7000215', status: 401 },
      {
        app: msalApp({ clientId: expired.clientId, clientSecret: 'old8Q~expired-secret-value' }),
        code: 'invalid_client',
        no: '7000222',
        status: 401,
      },
      {
        app: msalApp({ clientId: '00000000-1111-2222-3333-444444444444', clientSecret: 'x' }),
        code: 'unauthorized_client',
        no: '700016',
        status: 400,
      },
      {
        app: msalApp({ tenant: 'unknown-tenant.onmicrosoft.com', clientSecret: 'x' }),
        code: 'invalid_request',
        no: '90002',
        status: 400,
      },
      {
        app: msalApp({ tenant: 'not_a_tenant', clientSecret: 'x' }),
        code: 'invalid_request',
        no: '900023',
        status: 400,
      },
    ];
    for (const c of cases) {
      const error = await serverError(c.app.acquireTokenByClientCredential({ scopes }));
      expect({ code: error.errorCode, no: String(error.errorNo), status: error.status }).toEqual({
        code: c.code,
        no: c.no,
        status: c.status,
      });
      expect(error.errorMessage).toContain(`AADSTS${c.no}:`);
    }
  });
});

describe('Entra token endpoint over plain HTTP', () => {
  const post = (tenant: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${url}/${tenant}/oauth2/v2.0/token?client-request-id=corr-1`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form),
    });

  it('answers errors in Entra exact shape, echoing client-request-id as the correlation id', async () => {
    const response = await post(demoTenant.tenantId, {
      client_id: demoTenant.clientId,
      client_secret: 'nope',
      scope: 'https://graph.microsoft.com/.default',
      grant_type: 'client_credentials',
    });
    const body = (await response.json()) as Record<string, unknown>;
    expect(response.status).toBe(401);
    expect(Object.keys(body)).toEqual([
      'error',
      'error_description',
      'error_codes',
      'timestamp',
      'trace_id',
      'correlation_id',
      'error_uri',
    ]);
    expect(body.correlation_id).toBe('corr-1');
    expect(body.error_description).toMatch(
      /^AADSTS7000215: .*\r\nTrace ID: .*\r\nCorrelation ID: corr-1\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/s,
    );
    expect(response.headers.get('cache-control')).toBe('no-store, no-cache');
  });

  it('accepts HTTP Basic client authentication and rejects a scope other than Graph .default', async () => {
    const basic = Buffer.from(
      `${demoTenant.clientId}:${encodeURIComponent(demoTenant.clientSecret)}`,
    ).toString('base64');
    const ok = await post(
      demoTenant.domain,
      { scope: 'https://graph.microsoft.com/.default', grant_type: 'client_credentials' },
      { authorization: `Basic ${basic}` },
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
    const badScope = await post(
      demoTenant.domain,
      { scope: 'Mail.Read', grant_type: 'client_credentials' },
      { authorization: `Basic ${basic}` },
    );
    expect(badScope.status).toBe(400);
    expect(await badScope.json()).toMatchObject({ error: 'invalid_scope', error_codes: [70011] });
  });

  it('serves the OpenID configuration and a keys document that verifies its tokens', async () => {
    const config = (await (
      await fetch(`${url}/${demoTenant.domain}/v2.0/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    expect(config.token_endpoint).toBe(`${url}/${demoTenant.tenantId}/oauth2/v2.0/token`);
    expect(config.issuer).toBe(`${url}/${demoTenant.tenantId}/v2.0`);
    const keys = (await (await fetch(config.jwks_uri ?? '')).json()) as {
      keys: Array<Record<string, unknown>>;
    };
    const { createLocalJWKSet, jwtVerify } = await import('jose');
    const token = (await (
      await post(demoTenant.tenantId, {
        client_id: demoTenant.clientId,
        client_secret: demoTenant.clientSecret,
        scope: 'https://graph.microsoft.com/.default',
        grant_type: 'client_credentials',
      })
    ).json()) as { access_token: string };
    const { payload } = await jwtVerify(token.access_token, createLocalJWKSet(keys as never));
    expect(payload.tid).toBe(demoTenant.tenantId);
  });
});
