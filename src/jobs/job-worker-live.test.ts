import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countExecutions, listExecutions, recordExecution } from '../../test/support/store/executions.js';
import { openQueueStore } from '../../test/support/store/queue-store.js';
import { testDatabases } from '../../test/support/test-databases.js';
import { waitFor } from '../../test/support/wait-for.js';
import { createSilentLogger, systemClock } from '../shared/index.js';
import type { Store } from '../store/index.js';
import {
  createJobQueue,
  createJobWorker,
  type JobHandler,
  type JobQueue,
  type JobWorkerOptions,
  defineJob,
} from './index.js';

const log = createSilentLogger();
const name = 'test.do-work';
const job = defineJob<unknown>(name);

/** Worker behaviour on the real clock: wake-ups, heartbeats, graceful stop. */
for (const db of testDatabases()) {
  describe(`live job worker on ${db.name}`, () => {
    let store: Store;
    let queue: JobQueue;
    const workers: ReturnType<typeof createJobWorker>[] = [];
    const startWorker = async (handler: JobHandler, options: Partial<JobWorkerOptions> = {}) => {
      const worker = createJobWorker({
        store,
        queue,
        clock: systemClock,
        log,
        handlers: { [name]: handler },
        ...options,
      });
      workers.push(worker);
      await worker.start();
      return worker;
    };
    const record = (jobId: string, attempt: number, workerId = 'in-process') =>
      recordExecution(store, {
        job_id: jobId,
        worker_id: workerId,
        attempt,
        started_at: new Date().toISOString(),
      });

    beforeEach(async () => {
      store = await openQueueStore(db);
      queue = createJobQueue({ store, clock: systemClock, log });
    });
    afterEach(async () => {
      await Promise.all(workers.splice(0).map((w) => w.stop()));
      await store.close();
    });

    it('an idle worker is woken by an enqueue instead of waiting for its safety poll', async () => {
      await startWorker((_p, ctx) => record(ctx.jobId, ctx.attempt), { pollIntervalMs: 600_000 });
      await sleep(50);
      await queue.enqueue(store.db, { job, payload: {} });
      await waitFor('the job to run', async () => (await countExecutions(store)) === 1, {
        timeoutMs: 10_000,
      });
    });

    it('runs a job enqueued in a transaction that commits later, after the commit', async () => {
      await startWorker((_p, ctx) => record(ctx.jobId, ctx.attempt), { pollIntervalMs: 600_000 });
      let id = '';
      await store.transaction(async (trx) => {
        id = await queue.enqueue(trx, { job, payload: {} });
        await sleep(150);
        expect(await countExecutions({ db: trx })).toBe(0);
      });
      await waitFor('the job to run', async () => (await countExecutions(store)) === 1, {
        timeoutMs: 10_000,
      });
      expect((await listExecutions(store))[0]?.job_id).toBe(id);
    });

    it('a job longer than its lease keeps it by heartbeat and runs only once', async () => {
      const handler: JobHandler = async (_p, ctx) => {
        await record(ctx.jobId, ctx.attempt);
        await sleep(1_000);
      };
      await startWorker(handler, { leaseMs: 300, workerId: 'first' });
      await startWorker(handler, { leaseMs: 300, workerId: 'second' });
      const id = await queue.enqueue(store.db, { job, payload: {} });
      await waitFor('the job to finish', async () => (await queue.getJob(id)) === undefined, {
        timeoutMs: 10_000,
      });
      expect(await countExecutions(store)).toBe(1);
    });

    it('stop() waits for the running jobs to finish', async () => {
      const worker = await startWorker(async (_p, ctx) => {
        await sleep(300);
        await record(ctx.jobId, ctx.attempt);
      });
      const id = await queue.enqueue(store.db, { job, payload: {} });
      await waitFor('the job to start', async () => (await queue.getJob(id))?.status === 'running');
      await worker.stop();
      expect(await countExecutions(store)).toBe(1);
      expect(await queue.getJob(id)).toBeUndefined();
    });

    it('aborts the handler signal when another worker took the lease over', async () => {
      let reason: unknown;
      await startWorker(
        async (_p, ctx) => {
          await new Promise<void>((resolve) =>
            ctx.signal.addEventListener('abort', () => {
              reason = ctx.signal.reason;
              resolve();
            }),
          );
        },
        { leaseMs: 150 },
      );
      const id = await queue.enqueue(store.db, { job, payload: {} });
      await waitFor('the job to start', async () => (await queue.getJob(id))?.status === 'running');
      await store.db.updateTable('jobs').set({ locked_by: 'usurper' }).where('id', '=', id).execute();
      await waitFor('the abort', () => reason !== undefined);
      expect(reason).toMatchObject({ code: 'MSI_JOBS_LEASE_LOST' });
      expect(await queue.getJob(id)).toMatchObject({ status: 'running', lockedBy: 'usurper' });
    });
  });
}
