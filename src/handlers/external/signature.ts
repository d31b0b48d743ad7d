import { createHmac, timingSafeEqual } from 'node:crypto';

/** Name of the header that carries the timestamp and the HMAC-SHA256 signatures. */
export const signatureHeaderName = 'ms-inbox-signature';

/** How old (or how far in the future) a signature may be before a receiver refuses it. */
const defaultSignatureToleranceSec = 300;

const hexSignature = /^[0-9a-fA-F]{64}$/;

function hmacHex(secret: string, timestampSec: number, body: string | Buffer): string {
  // The signed content is `<t>.<raw body>`: binding the timestamp stops replays of an old body.
  return createHmac('sha256', secret).update(`${timestampSec}.`).update(body).digest('hex');
}

function toSecretList(secrets: readonly string[] | string): string[] {
  return (typeof secrets === 'string' ? [secrets] : [...secrets]).filter((secret) => secret.length > 0);
}

/**
 * Builds the `ms-inbox-signature` value `t=<unix seconds>,v1=<hex>[,v1=<hex>]`, one `v1` per secret
 * (current first, then the previous one during a rotation).
 */
export function signPayload(options: {
  secrets: readonly string[] | string;
  body: string | Buffer;
  now?: Date;
}): string {
  const secrets = toSecretList(options.secrets);
  if (secrets.length === 0) throw new TypeError('signPayload needs at least one non-empty secret');
  const timestampSec = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const parts = secrets.map((secret) => `v1=${hmacHex(secret, timestampSec, options.body)}`);
  return [`t=${timestampSec}`, ...parts].join(',');
}

/** The parts of a signature header; null when it is not one. */
function parseSignatureHeader(header: string): { timestampSec: number; signatures: string[] } | null {
  let timestampSec: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestampSec = Number(value);
    // Unknown schemes (a future `v2`) are ignored, so receivers keep working during an upgrade.
    if (key === 'v1' && hexSignature.test(value)) signatures.push(value);
  }
  return timestampSec === null || signatures.length === 0 ? null : { timestampSec, signatures };
}

/**
 * True when `header` carries a `v1` signature of `body` made with one of `secrets` and a timestamp
 * within `toleranceSec` of `now`; compares in constant time. Pass the raw body bytes, not re-serialised JSON.
 */
export function verifySignature(options: {
  secrets: readonly string[] | string;
  header: string | null | undefined;
  body: string | Buffer;
  toleranceSec?: number;
  now?: Date;
}): boolean {
  if (typeof options.header !== 'string') return false;
  const parsed = parseSignatureHeader(options.header);
  if (parsed === null) return false;
  const nowSec = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const toleranceSec = options.toleranceSec ?? defaultSignatureToleranceSec;
  if (Math.abs(nowSec - parsed.timestampSec) > toleranceSec) return false;

  let matched = false;
  for (const secret of toSecretList(options.secrets)) {
    const expected = Buffer.from(hmacHex(secret, parsed.timestampSec, options.body), 'hex');
    for (const signature of parsed.signatures) {
      // Both sides are 32 bytes (the header was checked to be 64 hex digits), as timingSafeEqual requires;
      // no early exit, so the time taken does not tell which secret or signature matched.
      if (timingSafeEqual(expected, Buffer.from(signature, 'hex'))) matched = true;
    }
  }
  return matched;
}
