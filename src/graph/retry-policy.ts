/** How Graph calls are retried: attempts, backoff and the longest wait we accept from Retry-After. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Defaults that ride out a throttling burst (Graph counts usage even while it throttles). */
export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 8, baseDelayMs: 250, maxDelayMs: 60_000 };

/**
 * Reads a Retry-After header: delta-seconds, possibly fractional (Graph's samples show `2.128`), or an HTTP date.
 * Returns milliseconds, or null when absent or unreadable.
 */
export function parseRetryAfterMs(value: string | null | undefined, now: Date): number | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // An HTTP date names its weekday and zone (RFC 9110 §5.6.7); bare numbers like `-1` are not dates.
  if (!/[A-Za-z]/.test(trimmed)) return null;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now.getTime());
}

/** Exponential backoff with full jitter for attempt 1, 2, …; `random` is injectable for replayable tests. */
export function backoffDelayMs(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
