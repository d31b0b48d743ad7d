import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerProcessConfig } from './job-worker-process.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
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
    const child = spawn(process.execPath, ['--import', 'tsx', entry, JSON.stringify(config)], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const kill = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      live.delete(handle);
    };
    const handle: WorkerProcess = {
      workerId: config.workerId,
      child,
      kill,
      async stop(timeoutMs = 10_000) {
        if (child.connected) child.send({ type: 'stop' });
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        await exited;
        clearTimeout(timer);
        live.delete(handle);
      },
    };
    live.add(handle);
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${config.workerId} not ready within 30 s`)), 30_000);
        child.on('message', (message: { type?: string }) => {
          if (message.type !== 'ready') return;
          clearTimeout(timer);
          resolve();
        });
        void exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`${config.workerId} exited before it was ready`));
        });
      });
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
