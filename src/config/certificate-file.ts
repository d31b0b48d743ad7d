import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const pemCertificate = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/** What a certificate file tells about the certificate's validity. */
interface CertificateRead {
  notAfter: string | null;
  /** Why the certificate cannot be read; null when it was read or the file holds none. */
  problem: string | null;
}

/**
 * Reads the end of validity of the first PEM certificate in `path` (a chain starts with the app's own
 * certificate; a file may hold the private key too). `notAfter` is null when the file holds no certificate.
 */
export function readCertificateNotAfter(path: string, cwd: string): CertificateRead {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch {
    // Unreadable files are reported by the readability check already.
    return { notAfter: null, problem: null };
  }
  const block = pemCertificate.exec(text)?.[0];
  if (block === undefined) return { notAfter: null, problem: null };
  try {
    // `validTo` is OpenSSL's text ("Jan 11 12:00:00 2026 GMT"); Node 20 has no `validToDate` yet.
    const notAfter = new Date(new X509Certificate(block).validTo);
    if (Number.isNaN(notAfter.getTime()))
      return { notAfter: null, problem: 'its end of validity cannot be read' };
    return { notAfter: notAfter.toISOString(), problem: null };
  } catch {
    return { notAfter: null, problem: 'the PEM certificate in it cannot be read' };
  }
}
