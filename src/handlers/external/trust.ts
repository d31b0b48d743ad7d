import { X509Certificate } from 'node:crypto';
import tls, { type SecureContext } from 'node:tls';

const pemBlock = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * A TLS context trusting the public roots plus the CA certificates in `caPem`; answers a problem
 * instead when the text holds no usable certificate (Node would silently ignore it).
 */
export function createTrustContext(caPem: string): { context: SecureContext } | { problem: string } {
  const blocks = caPem.match(pemBlock) ?? [];
  if (blocks.length === 0) {
    return {
      problem:
        'the CA file holds no PEM certificate (-----BEGIN CERTIFICATE-----); convert a DER .cer file with `openssl x509 -inform der -in ca.cer -out ca.pem`',
    };
  }
  for (const [index, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch {
      return { problem: `certificate ${index + 1} of the CA file cannot be read` };
    }
  }
  // Node's `ca` option replaces the default roots, so they are added back: the target may still
  // present a publicly issued certificate after its owner replaces the self-signed one.
  return { context: tls.createSecureContext({ ca: [...tls.rootCertificates, ...blocks] }) };
}
