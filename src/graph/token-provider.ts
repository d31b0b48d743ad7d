import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import { readFileSync } from 'node:fs';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { ClientConfig } from '../config/index.js';
import { GraphAuthenticationFailed } from '../errors/index.js';
import type { Logger } from '../shared/index.js';
import { aadstsCodeOf, adviceForAadsts } from './aadsts-advice.js';

/** An access token and the claims ms-inbox reads from it. */
interface AccessToken {
  token: string;
  expiresOn: Date | null;
  roles: string[];
}

/** Hands out Graph access tokens for one client. */
export interface TokenProvider {
  getToken(options?: { forceRefresh?: boolean }): Promise<AccessToken>;
}

/** Where a client's tokens come from: Entra (or a national cloud), or a simulator standing in for it. */
interface TokenEndpoint {
  authorityHost: string;
  /** When set, the token POST goes here instead of `authorityHost` (the simulator). */
  simulatorUrl: string | null;
}

function credentialsOf(
  client: ClientConfig,
): Pick<Configuration['auth'], 'clientSecret' | 'clientCertificate'> {
  if (client.certificate) {
    const pem = readFileSync(client.certificate.privateKeyPath, 'utf8');
    const privateKey = createPrivateKey(pem).export({ format: 'pem', type: 'pkcs8' }).toString();
    const certificatePem = client.certificate.certificatePath
      ? readFileSync(client.certificate.certificatePath, 'utf8')
      : pem;
    const thumbprintSha256 =
      client.certificate.thumbprint ?? new X509Certificate(certificatePem).fingerprint256.replaceAll(':', '');
    return { clientCertificate: { thumbprintSha256, privateKey, x5c: certificatePem } };
  }
  return { clientSecret: client.clientSecret?.reveal() ?? '' };
}

/**
 * msal refuses http:// authorities; with a simulator we keep the real authority and hand msal the
 * endpoint metadata, so its only request is the token POST to the simulator (libraries.md, graph-protocol §A.6).
 */
function authorityOptions(client: ClientConfig, endpoint: TokenEndpoint): Partial<Configuration['auth']> {
  const authority = `${endpoint.authorityHost.replace(/\/$/, '')}/${client.tenantId}`;
  if (!endpoint.simulatorUrl) return { authority };
  const base = `${endpoint.simulatorUrl.replace(/\/$/, '')}/${client.tenantId}`;
  const authorityMetadata = JSON.stringify({
    token_endpoint: `${base}/oauth2/v2.0/token`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    issuer: `${base}/v2.0`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
  });
  return { authority, authorityMetadata };
}

function rolesOf(token: string): string[] {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      roles?: unknown;
    };
    return Array.isArray(payload.roles)
      ? payload.roles.filter((r): r is string => typeof r === 'string')
      : [];
  } catch {
    return [];
  }
}

/** Creates the msal-backed token provider of one client; concurrent cold calls share one token request. */
export function createTokenProvider(deps: {
  client: ClientConfig;
  endpoint: TokenEndpoint;
  log: Logger;
}): TokenProvider {
  const { client, endpoint, log } = deps;
  let msal: ConfidentialClientApplication | null = null;
  let inFlight: Promise<AccessToken> | null = null;
  const scope = `${client.graphEndpoint.replace(/\/$/, '')}/.default`;

  const acquire = async (forceRefresh: boolean): Promise<AccessToken> => {
    try {
      msal ??= new ConfidentialClientApplication({
        auth: { clientId: client.clientId, ...credentialsOf(client), ...authorityOptions(client, endpoint) },
      });
      const result = await msal.acquireTokenByClientCredential({ scopes: [scope], skipCache: forceRefresh });
      if (!result) throw new Error('msal returned no token');
      return { token: result.accessToken, expiresOn: result.expiresOn, roles: rolesOf(result.accessToken) };
    } catch (error) {
      const e = error as {
        errorCode?: string;
        errorNo?: string | number;
        errorMessage?: string;
        message?: string;
      };
      const aadsts = aadstsCodeOf(e);
      log.warn({ client: client.name, aadsts, errorCode: e.errorCode }, 'token request failed');
      throw GraphAuthenticationFailed.create(
        { client: client.name, aadsts, error: e.errorCode ?? 'unknown', advice: adviceForAadsts(aadsts) },
        { cause: error },
      );
    }
  };

  // msal caches tokens too, but its cache lookup costs more than the rest of a Graph call (profile of bench P2);
  // a token is reused here until five minutes before it expires, as msal itself would.
  let cached: AccessToken | null = null;
  const fresh = (token: AccessToken | null): token is AccessToken =>
    token !== null && token.expiresOn !== null && token.expiresOn.getTime() - Date.now() > 5 * 60_000;

  return {
    getToken(options = {}) {
      if (!options.forceRefresh && fresh(cached)) return Promise.resolve(cached);
      if (inFlight && !options.forceRefresh) return inFlight;
      const request = acquire(options.forceRefresh ?? false)
        .then((token) => {
          cached = token;
          return token;
        })
        .finally(() => {
          if (inFlight === request) inFlight = null;
        });
      inFlight = request;
      return request;
    },
  };
}
