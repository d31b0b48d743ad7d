import type { ClientConfig } from './types.js';

/** Which kind of credential a client signs in with. */
type CredentialKind = 'secret' | 'certificate';

/** How close a client's secret or certificate is to its expiry. */
export interface CredentialExpiry {
  credential: CredentialKind;
  /** When the credential stops working (ISO 8601, UTC). */
  expiresAt: string;
  /** Whole days left, rounded down (see {@link daysLeftUntil}); negative once expired. */
  daysLeft: number;
  /** `expired`, or `warning` once a threshold (30, 14, 7, 1 days) is reached, or `ok`. */
  level: 'ok' | 'warning' | 'expired';
  /** The threshold reached, for de-duplicating warnings (30, 14, 7, 1; 0 when expired), else null. */
  threshold: number | null;
  message: string;
}

const dayMs = 86_400_000;
const thresholdsDays = [1, 7, 14, 30];

const names: Record<CredentialKind, { noun: string; renew: string }> = {
  secret: {
    noun: 'the client secret',
    renew: 'create a new one in the Azure portal (Certificates & secrets) and set it before then',
  },
  certificate: {
    noun: 'the certificate',
    renew:
      'upload a new certificate to the app in the Azure portal (Certificates & secrets) and configure it before then',
  },
};

/**
 * The one days-left figure every place shows (config check, validate, the admin API and UI, the metrics): whole
 * days remaining, rounded down, so 17 days and 20 hours is 17, and less than a day is 0.
 */
export function daysLeftUntil(expiresAt: Date, now: Date): number {
  return Math.floor((expiresAt.getTime() - now.getTime()) / dayMs);
}

/** `client_secret_expires` is a date; the secret is taken to stop working as that day begins (00:00 UTC). */
export function secretExpiresAt(date: string): Date {
  return new Date(`${date.slice(0, 10)}T00:00:00Z`);
}

/** Judges a credential's expiry; the seed warns that Inbox stops completely once it runs out. */
export function judgeCredentialExpiry(
  credential: CredentialKind,
  expiresAt: Date,
  now: Date,
): CredentialExpiry {
  const daysLeft = daysLeftUntil(expiresAt, now);
  const date = expiresAt.toISOString().slice(0, 10);
  const { noun, renew } = names[credential];
  const base = { credential, expiresAt: expiresAt.toISOString(), daysLeft };
  if (expiresAt.getTime() <= now.getTime()) {
    return {
      ...base,
      level: 'expired',
      threshold: 0,
      message: `${noun} expired on ${date}: sign-in fails until a new ${credential} is set`,
    };
  }
  const inDays = daysLeft === 0 ? 'in less than a day' : `in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`;
  const threshold = thresholdsDays.find((days) => daysLeft <= days) ?? null;
  if (threshold === null)
    return { ...base, level: 'ok', threshold, message: `${noun} expires on ${date}, ${inDays}` };
  return { ...base, level: 'warning', threshold, message: `${noun} expires on ${date}, ${inDays}: ${renew}` };
}

/** The expiry of the client secret, when `client_secret_expires` states it. */
export function secretExpiryOf(client: ClientConfig, now: Date): CredentialExpiry | null {
  return client.clientSecretExpires
    ? judgeCredentialExpiry('secret', secretExpiresAt(client.clientSecretExpires), now)
    : null;
}

/** The expiry of the client's certificate, when its file holds one. */
export function certificateExpiryOf(client: ClientConfig, now: Date): CredentialExpiry | null {
  return client.certificate?.notAfter
    ? judgeCredentialExpiry('certificate', new Date(client.certificate.notAfter), now)
    : null;
}
