import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerProcessConfig } from './job-worker-process.js';
import { spawnTsxChild } from './tsx-child.js';

const entry = fileURLToPath(new URL('./job-worker-process.ts', import.meta.url));

/** A running child worker process. */
export interface WorkerProcess {
  readonly workerId: string;
  readonly child: ChildProcess;
  /** Asks for a graceful stop and waits for the exit (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
  /** SIGKILL, as a crash; resolves once the process is gone. */
  kill(): Promise<void>;
}

/** Starts child worker processes and makes sure none outlives the test (`killAll` in `afterEach`). */
export function createWorkerProcesses() {
  const live = new Set<WorkerProcess>();

  async function start(config: WorkerProcessConfig): Promise<WorkerProcess> {
    const started = spawnTsxChild(entry, config);
    const { child } = started;
    const kill = async () => {
      await started.kill();
      live.delete(handle);
    };
    const handle: WorkerProcess = {
      workerId: config.workerId,
      child,
      kill,
      async stop(timeoutMs = 10_000) {
        await started.stop(timeoutMs);
        live.delete(handle);
      },
    };
    live.add(handle);
    try {
      await started.ready(config.workerId, 30_000);
    } catch (error) {
      await kill();
      throw error;
    }
    return handle;
  }

  return {
    start,
    /** SIGKILLs every process still running. */
    async killAll(): Promise<void> {
      await Promise.all([...live].map((p) => p.kill()));
    },
  };
}
