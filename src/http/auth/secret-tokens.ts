import { createHash, randomBytes } from 'node:crypto';

/** A fresh unguessable token (256 bits, base64url), with an optional readable prefix. */
export function newSecretToken(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** SHA-256 (hex) of a high-entropy token: what is stored, so a database leak reveals no usable token. */
export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
