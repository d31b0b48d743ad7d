import { createHash, type KeyObject } from 'node:crypto';
import { createSelfSignedCertificate } from './self-signed-certificate.js';

/** The simulator's token-signing key, published in its keys document like Entra's. */
export interface SigningKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  kid: string;
  /** The JWKS entry (kty, use, kid, x5t, n, e, x5c). */
  jwk: Record<string, unknown>;
}

/** Creates a fresh signing key with a self-signed certificate (Entra's kid is the certificate's x5t). */
export function createSigningKeys(): SigningKeys {
  const cert = createSelfSignedCertificate({
    commonName: 'accounts.accesscontrol.windows.net',
    validDays: 365 * 5,
  });
  const kid = createHash('sha1').update(cert.der).digest('base64url');
  const { n, e } = cert.publicKey.export({ format: 'jwk' });
  return {
    privateKey: cert.privateKey,
    publicKey: cert.publicKey,
    kid,
    jwk: { kty: 'RSA', use: 'sig', kid, x5t: kid, n, e, x5c: [cert.der.toString('base64')] },
  };
}
