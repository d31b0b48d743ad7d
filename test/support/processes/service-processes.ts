import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServiceProcessConfig, ServiceProcessStats } from './service-process.js';
import { spawnTsxChild } from './tsx-child.js';

const entry = fileURLToPath(new URL('./service-process.ts', import.meta.url));

/** A running ms-inbox child process. */
export interface ServiceProcess {
  readonly instance: string;
  readonly child: ChildProcess;
  /** The HTTP base URL, or null for a worker-only process. */
  readonly url: string | null;
  stats(): Promise<ServiceProcessStats>;
  /** Starts a new peak-RSS window. */
  resetPeak(): Promise<void>;
  /** Runs a full GC (only when started with `--expose-gc`). */
  gc(): Promise<void>;
  /** Asks for a graceful stop and waits for the exit (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
  /** SIGKILL, as a crash; resolves once the process is gone. */
  kill(): Promise<void>;
}

/** Starts ms-inbox child processes and makes sure none outlives the test (`killAll` in `afterEach`/`afterAll`). */
export function createServiceProcesses() {
  const live = new Set<ServiceProcess>();

  async function start(
    config: ServiceProcessConfig,
    options: { execArgv?: string[]; readyTimeoutMs?: number } = {},
  ): Promise<ServiceProcess> {
    const started = spawnTsxChild(entry, config, options.execArgv);
    const { child } = started;
    let nextId = 1;
    const ask = <T>(type: string): Promise<T> => {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const onMessage = (message: { type?: string; id?: number; stats?: T }) => {
          if (message.type !== type || message.id !== id) return;
          child.off('message', onMessage);
          resolve(message.stats as T);
        };
        child.on('message', onMessage);
        if (!child.connected) reject(new Error(`${config.instance} is not running`));
        else child.send({ type, id });
      });
    };
    const kill = async () => {
      await started.kill();
      live.delete(handle);
    };
    let url: string | null = null;
    const handle: ServiceProcess = {
      instance: config.instance,
      child,
      get url() {
        return url;
      },
      stats: () => ask<ServiceProcessStats>('stats'),
      resetPeak: () => ask<void>('reset-peak'),
      gc: () => ask<void>('gc'),
      kill,
      async stop(timeoutMs = 15_000) {
        await started.stop(timeoutMs);
        live.delete(handle);
      },
    };
    live.add(handle);
    try {
      const ready = await started.ready<{ type?: string; url?: string | null }>(
        config.instance,
        options.readyTimeoutMs ?? 60_000,
      );
      url = ready.url ?? null;
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
