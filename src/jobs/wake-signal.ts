/** A sleep that a `wake()` ends early; a wake that arrives while nobody sleeps ends the next sleep at once. */
interface WakeSignal {
  wake(): void;
  sleep(ms: number): Promise<void>;
}

/** Creates a wake signal; coalesces any number of wakes into one. */
export function createWakeSignal(): WakeSignal {
  let pending = false;
  let endSleep: (() => void) | undefined;

  return {
    wake() {
      if (endSleep === undefined) pending = true;
      else endSleep();
    },
    sleep(ms) {
      if (pending) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const finish = () => {
          clearTimeout(timer);
          endSleep = undefined;
          resolve();
        };
        const timer = setTimeout(finish, Math.max(0, ms));
        endSleep = finish;
      });
    },
  };
}
