import { describe, expect, it } from 'vitest';
import { backoffDelayMs, defaultRetryPolicy, parseRetryAfterMs } from './retry-policy.js';

const now = new Date('2026-11-26T10:00:00Z');

describe('Retry-After', () => {
  it('reads whole and fractional seconds', () => {
    expect(parseRetryAfterMs('3', now)).toBe(3000);
    expect(parseRetryAfterMs('2.128', now)).toBe(2128);
    expect(parseRetryAfterMs('0.1', now)).toBe(100);
  });

  it('reads an HTTP date as the time left until then', () => {
    expect(parseRetryAfterMs('Thu, 26 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfterMs('Thu, 26 Nov 2026 09:59:00 GMT', now)).toBe(0);
  });

  it('ignores a missing or unreadable header', () => {
    expect(parseRetryAfterMs(null, now)).toBeNull();
    expect(parseRetryAfterMs('', now)).toBeNull();
    expect(parseRetryAfterMs('soon', now)).toBeNull();
    expect(parseRetryAfterMs('-1', now)).toBeNull();
  });
});

describe('backoff', () => {
  it('grows exponentially, stays within half and all of the ceiling, and is capped', () => {
    const policy = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelayMs(1, policy, () => 0)).toBe(50);
    expect(backoffDelayMs(1, policy, () => 1)).toBe(100);
    expect(backoffDelayMs(3, policy, () => 1)).toBe(400);
    expect(backoffDelayMs(10, policy, () => 1)).toBe(1000);
    expect(backoffDelayMs(10, policy, () => 0)).toBe(500);
  });
});
