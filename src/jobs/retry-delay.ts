/** How long failed jobs wait before their next attempt. */
export interface RetryPolicy {
  /** Delay after the first failure, before jitter (default 1 s). */
  baseDelayMs: number;
  /** Upper bound of the delay (default 1 h). */
  maxDelayMs: number;
}

/** Defaults: 1 s, 2 s, 4 s … capped at one hour. */
export const defaultRetryPolicy: RetryPolicy = Object.freeze({ baseDelayMs: 1_000, maxDelayMs: 3_600_000 });

/**
 * Exponential backoff with "equal jitter": between half and all of `base · 2^(attempt-1)`, capped. The
 * jitter spreads jobs that failed together (a Graph outage) so they do not all come back at once.
 */
export function computeRetryDelayMs(
  failedAttempt: number,
  policy: RetryPolicy = defaultRetryPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failedAttempt - 1, 0), 52);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
