import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SimulatorOptions } from '../src/simulator/index.js';
import type { Store } from '../src/store/index.js';
import { startCluster, type ServiceCluster } from '../test/support/processes/service-cluster.js';
import type { ServiceProcessConfig } from '../test/support/processes/service-process.js';
import type { ServiceProcess } from '../test/support/processes/service-processes.js';
import { createTestDatabases, type TestDatabase } from '../test/support/test-databases.js';

/** Options every benchmark receives from `bench/run.ts`. */
export interface BenchOptions {
  quick: boolean;
  /** Folder for `--cpu-prof` output of the ms-inbox processes, or null. */
  profileDir: string | null;
}

/** A fresh database, the simulator and ms-inbox processes on it. */
export interface BenchCluster extends ServiceCluster {
  database: TestDatabase;
  store: Store;
  /** Starts an ms-inbox process with the product's worker defaults (unless `worker` says otherwise). */
  startService(
    config: Partial<ServiceProcessConfig> & { instance: string },
    nodeFlags?: string[],
  ): Promise<ServiceProcess>;
  dispose(): Promise<void>;
}

const root = fileURLToPath(new URL('../', import.meta.url));

/** Percentile of sorted numbers (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Rounds for the report. */
export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Starts a cluster on a fresh SQLite file or PostgreSQL database. */
export async function startBenchCluster(
  kind: 'sqlite' | 'postgres',
  options: BenchOptions,
  simulator: SimulatorOptions = {},
): Promise<BenchCluster> {
  const database = createTestDatabases().find((d) => d.name === kind);
  if (!database) throw new Error(`${kind} is not reachable; the benchmarks need it`);
  const store = await database.open();
  const cluster = await startCluster({
    store,
    connection: database.connectionOf(store),
    simulator: { randomSeed: 20_261_126, ...simulator },
  });
  // One folder per process: V8 writes a profile per thread (tsx's loader runs in a worker thread of its own).
  const execArgv = (instance: string) => {
    if (!options.profileDir) return [];
    const dir = join(options.profileDir, instance);
    mkdirSync(dir, { recursive: true });
    return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
  };
  return {
    ...cluster,
    database,
    store,
    startService: (config, nodeFlags = []) =>
      cluster.start(
        { worker: {}, ...config },
        { execArgv: [...execArgv(config.instance), '--expose-gc', ...nodeFlags] },
      ),
    async dispose() {
      await cluster.stop();
      await database.dispose();
    },
  };
}

/** Starts a small program as a child process that reports `{ type: 'ready', url }`; returns its URL and a stop. */
export async function startChild(script: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.on('message', (m: { type?: string; url?: string }) => m.type === 'ready' && resolve(m.url ?? ''));
    void exited.then(() => reject(new Error(`${script} exited before it was ready`)));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Graph cost of the mails processed since the request log was cleared (P4), from the simulator's log. */
export function graphCost(cluster: ServiceCluster, mails: number) {
  const graph = cluster.sim.control.requestLog({ kind: 'graph' });
  const tokens = cluster.sim.control.requestLog({ kind: 'entra' }).length;
  // Graph's throttling counts each request inside a `$batch`; the batch itself is one HTTP round trip.
  const operations = graph.filter((e) => e.operation !== 'batch').length;
  const roundTrips = graph.filter((e) => e.batchRequestId === undefined).length;
  const byOperation: Record<string, number> = {};
  for (const e of graph) byOperation[e.operation] = (byOperation[e.operation] ?? 0) + 1;
  return {
    operationsPerMail: operations / mails,
    roundTripsPerMail: roundTrips / mails,
    tokenRequests: tokens,
    byOperation,
    throttled: graph.filter((e) => e.status === 429).length,
  };
}
