interface Waiting<In, Out> {
  input: In;
  resolve: (output: Out) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: calls that arrive while `run` is busy wait and then go together into the next `run`, so N
 * concurrent notification POSTs cost one subscription lookup and one transaction instead of N of each — on SQLite,
 * with one connection, N transactions would queue one behind the other (bench P1). Nobody waits for more than
 * one turn of the event loop. Every caller is answered only after its own input was committed. When a shared
 * run fails, each input is run again on its own, so one bad POST cannot fail the others.
 */
export function createGroupCommit<In, Out>(options: {
  /** Does the work for a group; returns one output per input, in order. */
  run: (inputs: In[]) => Promise<Out[]>;
  /** Size of an input (e.g. its items); a group stops growing at `maxWeight` (one input always fits). */
  weight: (input: In) => number;
  maxWeight: number;
}) {
  let waiting: Array<Waiting<In, Out>> = [];
  let running = false;

  const nextGroup = () => {
    let weight = 0;
    let count = 0;
    for (const entry of waiting) {
      const w = options.weight(entry.input);
      if (count > 0 && weight + w > options.maxWeight) break;
      weight += w;
      count += 1;
    }
    const group = waiting.slice(0, count);
    waiting = waiting.slice(count);
    return group;
  };

  const runAlone = async (entry: Waiting<In, Out>) => {
    try {
      const [output] = await options.run([entry.input]);
      entry.resolve(output as Out);
    } catch (error) {
      entry.reject(error);
    }
  };

  const drain = async () => {
    while (waiting.length > 0) {
      const group = nextGroup();
      if (group.length === 1) {
        await runAlone(group[0] as Waiting<In, Out>);
        continue;
      }
      try {
        const outputs = await options.run(group.map((entry) => entry.input));
        group.forEach((entry, i) => entry.resolve(outputs[i] as Out));
      } catch {
        for (const entry of group) await runAlone(entry);
      }
    }
    running = false;
  };

  return {
    /** Runs `input` with whatever else is waiting; resolves with its own output. */
    submit(input: In): Promise<Out> {
      const done = new Promise<Out>((resolve, reject) => waiting.push({ input, resolve, reject }));
      if (!running) {
        running = true;
        // One turn of the event loop: with SQLite a run never yields to it (every query is synchronous), so the
        // POSTs whose bodies arrived in this turn would otherwise each get a run of their own.
        setImmediate(() => void drain());
      }
      return done;
    },
  };
}
