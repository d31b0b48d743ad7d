/** Time source injected everywhere time matters, so tests can move it. */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** ISO-8601 UTC timestamp made by the application (never by the database). */
export function isoNow(clock: Clock = systemClock): string {
  return clock.now().toISOString();
}
