import type { Clock } from '../shared/index.js';

/** Simulated time: runs at `timeScale` times the base clock and can jump forward, firing due timers. */
export interface SimClock extends Clock {
  nowMs(): number;
  /** Runs `fn` once `delayMs` of simulated time has passed. */
  setTimer(delayMs: number, fn: () => void): number;
  clearTimer(id: number): void;
  /** Jumps simulated time forward, firing every timer that becomes due, in order. */
  advance(ms: number): void;
  /** Simulated milliseconds per real millisecond (1 = real time, 60 = one minute per second). */
  setTimeScale(factor: number): void;
  readonly timeScale: number;
  /** Cancels every timer. */
  dispose(): void;
}

interface PendingTimer {
  id: number;
  dueMs: number;
  fn: () => void;
}

/** Creates a simulated clock over a base clock (the wall clock by default). */
export function createSimClock(options: { base: Clock; timeScale?: number }): SimClock {
  const { base } = options;
  let scale = options.timeScale ?? 1;
  let anchorReal = base.now().getTime();
  let anchorSim = anchorReal;
  let timers: PendingTimer[] = [];
  let nextId = 1;
  let realTimer: NodeJS.Timeout | undefined;
  let disposed = false;

  const nowMs = (): number => anchorSim + (base.now().getTime() - anchorReal) * scale;

  const reanchor = (): void => {
    const sim = nowMs();
    anchorReal = base.now().getTime();
    anchorSim = sim;
  };

  const fireDue = (): void => {
    // A fired timer may schedule more timers; keep going until nothing is due.
    for (;;) {
      const first = timers[0];
      if (!first || first.dueMs > nowMs()) break;
      timers.shift();
      first.fn();
    }
  };

  const arm = (): void => {
    if (realTimer) clearTimeout(realTimer);
    realTimer = undefined;
    const first = timers[0];
    if (!first || disposed) return;
    const delay = Math.max(0, Math.ceil((first.dueMs - nowMs()) / scale));
    realTimer = setTimeout(
      () => {
        realTimer = undefined;
        fireDue();
        arm();
      },
      Math.min(delay, 2_147_483_647),
    );
    realTimer.unref();
  };

  return {
    now: () => new Date(nowMs()),
    nowMs,
    get timeScale() {
      return scale;
    },
    setTimer(delayMs, fn) {
      const timer = { id: nextId++, dueMs: nowMs() + Math.max(0, delayMs), fn };
      const at = timers.findIndex((t) => t.dueMs > timer.dueMs);
      if (at === -1) timers.push(timer);
      else timers.splice(at, 0, timer);
      if (timers[0] === timer) arm();
      return timer.id;
    },
    clearTimer(id) {
      timers = timers.filter((t) => t.id !== id);
    },
    advance(ms) {
      anchorSim += Math.max(0, ms);
      fireDue();
      arm();
    },
    setTimeScale(factor) {
      if (!(factor > 0)) throw new RangeError('timeScale must be positive');
      reanchor();
      scale = factor;
      arm();
    },
    dispose() {
      disposed = true;
      timers = [];
      if (realTimer) clearTimeout(realTimer);
    },
  };
}
