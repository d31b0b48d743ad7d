import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * A TypeScript program started as a child process (through tsx, with an IPC channel) that reports
 * `{ type: 'ready', … }` when it is up and stops gracefully on `{ type: 'stop' }`: the service and job-worker
 * processes of the multi-process tests share this.
 */
export interface TsxChild {
  child: ChildProcess;
  exited: Promise<void>;
  /** SIGKILL, as a crash; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Asks for a graceful stop and waits for the exit (SIGKILL after `timeoutMs`). */
  stop(timeoutMs: number): Promise<void>;
  /** Waits for the ready message and returns it; rejects after `timeoutMs` or when the process exits first. */
  ready<T extends { type?: string }>(name: string, timeoutMs: number): Promise<T>;
}

export function spawnTsxChild(entry: string, config: unknown, execArgv: string[] = []): TsxChild {
  const child = spawn(process.execPath, [...execArgv, '--import', 'tsx', entry, JSON.stringify(config)], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop(timeoutMs) {
      if (child.connected) child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
    ready<T extends { type?: string }>(name: string, timeoutMs: number) {
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${name} not ready within ${timeoutMs} ms`)),
          timeoutMs,
        );
        child.on('message', (message: T) => {
          if (message.type !== 'ready') return;
          clearTimeout(timer);
          resolve(message);
        });
        void exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`${name} exited before it was ready`));
        });
      });
    },
  };
}
