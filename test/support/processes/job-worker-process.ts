/**
 * A job worker in its own OS process, for the multi-process tests. Started by `worker-processes.ts` with
 * one JSON argument; says `{ type: 'ready' }` over IPC, stops gracefully on `{ type: 'stop' }`, and exits
 * when its parent goes away.
 */
import { createJobQueue, createJobWorker } from '../../../src/jobs/index.js';
import { createLogger, systemClock } from '../../../src/shared/index.js';
import { openStore } from '../../../src/store/index.js';
import { recordExecution } from '../store/executions.js';

/** The JSON argument of this program. */
export interface WorkerProcessConfig {
  databaseUrl: string | null;
  dataDir: string;
  workerId: string;
  concurrency: number;
  leaseMs: number;
  pollIntervalMs: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as WorkerProcessConfig;
const log = createLogger({ level: 'error' });
const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
const queue = createJobQueue({ store, clock: systemClock, log });
const record = (jobId: string, attempt: number) =>
  recordExecution(store, {
    job_id: jobId,
    worker_id: config.workerId,
    attempt,
    started_at: new Date().toISOString(),
  });

const worker = createJobWorker({
  store,
  queue,
  clock: systemClock,
  log,
  workerId: config.workerId,
  concurrency: config.concurrency,
  leaseMs: config.leaseMs,
  pollIntervalMs: config.pollIntervalMs,
  handlers: {
    'test.record-execution': async (_payload, ctx) => record(ctx.jobId, ctx.attempt),
    'test.block-until-killed': async (_payload, ctx) => {
      await record(ctx.jobId, ctx.attempt);
      await new Promise((_resolve, reject) =>
        ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)),
      );
    },
  },
});

await worker.start();
process.on('disconnect', () => process.exit(1));
process.on('message', (message: { type?: string }) => {
  if (message.type !== 'stop') return;
  void worker
    .stop()
    .then(() => store.close())
    .then(() => process.exit(0));
});
process.send?.({ type: 'ready' });
