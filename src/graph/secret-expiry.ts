/** How close a client secret is to its expiry. */
export interface SecretExpiry {
  daysLeft: number;
  /** `expired`, or the warning threshold crossed (30, 14, 7, 1 days), or `ok`. */
  level: 'ok' | 'warning' | 'expired';
  /** The threshold crossed, for de-duplicating warnings (30, 14, 7, 1), else null. */
  threshold: number | null;
  message: string;
}

const thresholdsDays = [1, 7, 14, 30];

/** Judges a secret's stated expiry; the seed warns that Inbox stops completely once it runs out. */
export function judgeSecretExpiry(expires: string, now: Date): SecretExpiry {
  const msLeft = new Date(expires).getTime() - now.getTime();
  const daysLeft = Math.floor(msLeft / 86_400_000);
  if (msLeft <= 0) {
    return {
      daysLeft,
      level: 'expired',
      threshold: 0,
      message: `the client secret expired on ${expires.slice(0, 10)}; ms-inbox cannot sign in until a new secret is configured`,
    };
  }
  const threshold = thresholdsDays.find((days) => daysLeft < days) ?? null;
  if (threshold === null) {
    return { daysLeft, level: 'ok', threshold, message: `the client secret expires in ${daysLeft} days` };
  }
  return {
    daysLeft,
    level: 'warning',
    threshold,
    message: `the client secret expires in ${daysLeft} day${daysLeft === 1 ? '' : 's'} (${expires.slice(0, 10)}); create a new secret before then`,
  };
}
