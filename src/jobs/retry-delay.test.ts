import { describe, expect, it } from 'vitest';
import { computeRetryDelayMs } from './retry-delay.js';

describe('computeRetryDelayMs', () => {
  const policy = { baseDelayMs: 1_000, maxDelayMs: 60_000 };

  it('doubles the ceiling with every failed attempt and keeps at least half of it', () => {
    expect(computeRetryDelayMs(1, policy, () => 0)).toBe(500);
    expect(computeRetryDelayMs(1, policy, () => 1)).toBe(1_000);
    expect(computeRetryDelayMs(2, policy, () => 0)).toBe(1_000);
    expect(computeRetryDelayMs(3, policy, () => 1)).toBe(4_000);
  });

  it('never exceeds the maximum, however many attempts failed', () => {
    expect(computeRetryDelayMs(7, policy, () => 1)).toBe(60_000);
    expect(computeRetryDelayMs(500, policy, () => 1)).toBe(60_000);
  });

  it('spreads jobs that failed together', () => {
    const delays = new Set(Array.from({ length: 20 }, () => computeRetryDelayMs(4, policy)));
    expect(delays.size).toBeGreaterThan(1);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(4_000);
  });
});
