import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { SeededRandom } from '../random.js';
import type { AppRegistration } from '../tenant/state.js';
import type { SigningKeys } from './signing-keys.js';

/** Lifetime of issued tokens; msal-node renews 300 s before expiry, so this must stay well above 300. */
export const accessTokenLifetimeSeconds = 3599;

/** The claims of an app-only Graph token the simulator relies on (graph-protocol.md §A.4). */
export interface AccessTokenClaims extends JWTPayload {
  tid: string;
  appid: string;
  oid: string;
  roles?: string[];
  appidacr: '1' | '2';
}

const graphAudiences = ['https://graph.microsoft.com', '00000003-0000-0000-c000-000000000000'];

/** Issues a v1.0 app-only access token for Graph, signed RS256 with the simulator's key. */
export async function issueAccessToken(
  keys: SigningKeys,
  random: SeededRandom,
  input: { app: AppRegistration; credential: 'secret' | 'certificate'; nowMs: number },
): Promise<string> {
  const { app, nowMs } = input;
  const iat = Math.floor(nowMs / 1000);
  const issuer = `https://sts.windows.net/${app.tenantId}/`;
  const roles = [...app.roles].sort();
  const claims: Record<string, unknown> = {
    aio: random.hex(40),
    app_displayname: app.displayName,
    appid: app.clientId,
    appidacr: input.credential === 'secret' ? '1' : '2',
    idp: issuer,
    idtyp: 'app',
    oid: app.objectId,
    rh: `0.A${random.hex(30)}.`,
    // With no granted roles Entra still issues the token, without a roles claim; Graph then answers 403.
    ...(roles.length > 0 ? { roles } : {}),
    sub: app.objectId,
    tenant_region_scope: 'EU',
    tid: app.tenantId,
    uti: random.hex(22),
    ver: '1.0',
    wids: ['0997a1d0-0d1d-4acb-b408-d5ca73121e90'],
    xms_tcdt: iat - 86_400 * 400,
  };
  return new SignJWT(claims)
    .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: keys.kid, x5t: keys.kid })
    .setAudience('https://graph.microsoft.com')
    .setIssuer(issuer)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + accessTokenLifetimeSeconds)
    .sign(keys.privateKey);
}

/** The outcome of checking a bearer token. */
export type TokenCheck = { ok: true; claims: AccessTokenClaims } | { ok: false; message: string };

/** Verifies a bearer token against the simulator's key and the simulated time. */
export async function verifyAccessToken(
  keys: SigningKeys,
  token: string,
  nowMs: number,
): Promise<TokenCheck> {
  if (token.split('.').length !== 3) {
    return {
      ok: false,
      message:
        'IDX14100: JWT is not well formed, there are no dots (.).\nThe token needs to be in JWS or JWE Compact Serialization Format.',
    };
  }
  try {
    const { payload } = await jwtVerify(token, keys.publicKey, {
      algorithms: ['RS256'],
      audience: graphAudiences,
      currentDate: new Date(nowMs),
    });
    return { ok: true, claims: payload as AccessTokenClaims };
  } catch (error) {
    if (error instanceof errors.JWTExpired)
      return { ok: false, message: 'Lifetime validation failed, the token is expired.' };
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf') {
      return { ok: false, message: 'Lifetime validation failed, the token is not yet valid.' };
    }
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud') {
      return { ok: false, message: 'Access token validation failure. Invalid audience.' };
    }
    return { ok: false, message: 'Access token validation failure.' };
  }
}
