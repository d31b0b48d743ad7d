import type { Clock } from '../../src/shared/index.js';

/** The wall clock shifted by an offset the test moves forward (for half-life and expiry). */
export function createOffsetClock(): Clock & { advance(ms: number): void } {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance(ms) {
      offsetMs += ms;
    },
  };
}
