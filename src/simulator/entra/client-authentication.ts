import { timingSafeEqual } from 'node:crypto';
import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { AppCertificate, AppRegistration } from '../tenant/state.js';
import type { AadstsCode } from './aadsts-errors.js';
import { entraTimestamp } from './aadsts-errors.js';

/** How a client proved who it is, or which AADSTS error refuses it. */
export type ClientAuthResult =
  | { ok: true; credential: 'secret' | 'certificate' }
  | { ok: false; code: AadstsCode; params: Record<string, string> };

const assertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function checkSecret(app: AppRegistration, secret: string, nowMs: number): ClientAuthResult {
  const matching = app.secrets.filter((s) => sameText(s.value, secret));
  if (matching.some((s) => s.expiresAtMs > nowMs)) return { ok: true, credential: 'secret' };
  // A correct value whose every key has expired is 7000222; anything else is a wrong secret (7000215).
  if (matching.length > 0) return { ok: false, code: 7000222, params: { appId: app.clientId } };
  return { ok: false, code: 7000215, params: { appId: app.clientId } };
}

function thumbprintOf(header: Record<string, unknown>): { hex: string; sha256: boolean } | undefined {
  const s256 = header['x5t#S256'];
  const s1 = header['x5t'];
  const value = typeof s256 === 'string' ? s256 : typeof s1 === 'string' ? s1 : undefined;
  if (!value) return undefined;
  return {
    hex: Buffer.from(value, 'base64url').toString('hex').toUpperCase(),
    sha256: typeof s256 === 'string',
  };
}

async function checkAssertion(
  app: AppRegistration,
  assertion: string,
  nowMs: number,
): Promise<ClientAuthResult> {
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(assertion) as Record<string, unknown>;
  } catch {
    return { ok: false, code: 50027, params: {} };
  }
  const thumb = thumbprintOf(header);
  const cert: AppCertificate | undefined = thumb
    ? app.certificates.find((c) => (thumb.sha256 ? c.thumbprintSha256 : c.thumbprintSha1) === thumb.hex)
    : undefined;
  if (!cert) {
    return {
      ok: false,
      code: 700027,
      params: { reason: 'The key was not found.', thumbprint: thumb?.hex ?? '', appId: app.clientId },
    };
  }
  try {
    const { payload } = await jwtVerify(assertion, cert.publicKey, {
      algorithms: ['RS256', 'PS256'],
      currentDate: new Date(nowMs),
      // Entra allows five minutes of clock skew; msal also rounds its nbf to the nearest second.
      clockTolerance: 300,
      issuer: app.clientId,
      subject: app.clientId,
    });
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud ?? ''];
    if (!audiences.some((aud) => /\/oauth2\/(v2\.0\/)?token$/.test(aud)))
      return { ok: false, code: 50027, params: {} };
    return { ok: true, credential: 'certificate' };
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      const exp = (error.payload.exp ?? 0) * 1000;
      return { ok: false, code: 700024, params: { now: entraTimestamp(nowMs), expiry: entraTimestamp(exp) } };
    }
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return {
        ok: false,
        code: 700027,
        params: { reason: 'The signature is invalid.', thumbprint: thumb?.hex ?? '', appId: app.clientId },
      };
    }
    return { ok: false, code: 50027, params: {} };
  }
}

/** Checks the client secret or the certificate-signed client assertion of a token request. */
export async function authenticateClient(
  app: AppRegistration,
  form: { clientSecret?: string; clientAssertion?: string; clientAssertionType?: string },
  nowMs: number,
): Promise<ClientAuthResult> {
  if (form.clientSecret !== undefined) return checkSecret(app, form.clientSecret, nowMs);
  if (form.clientAssertion !== undefined) {
    if (form.clientAssertionType !== assertionType) {
      return { ok: false, code: 900144, params: { parameter: 'client_assertion_type' } };
    }
    return checkAssertion(app, form.clientAssertion, nowMs);
  }
  return { ok: false, code: 7000216, params: {} };
}
