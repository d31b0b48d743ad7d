import type { Clock } from '../../src/shared/index.js';

/** A clock that moves only when told to. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(date: Date): void;
}

/** Creates a manual clock starting at `start`. */
export function createManualClock(start = new Date('2030-01-01T00:00:00.000Z')): ManualClock {
  let nowMs = start.getTime();
  return {
    now: () => new Date(nowMs),
    advance: (ms) => {
      nowMs += ms;
    },
    set: (date) => {
      nowMs = date.getTime();
    },
  };
}
