import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listExecutions, recordExecution } from '../../test/support/store/executions.js';
import { openQueueStore } from '../../test/support/store/queue-store.js';
import { testDatabases } from '../../test/support/test-databases.js';
import { waitFor } from '../../test/support/wait-for.js';
import { createWorkerProcesses } from '../../test/support/processes/worker-processes.js';
import { createSilentLogger, systemClock } from '../shared/index.js';
import type { Store } from '../store/index.js';
import { createJobQueue, createJobWorker, defineJob, type JobQueue, type JobWorker } from './index.js';

// Handled by the in-process workers below and by the child workers (test/support/job-worker-process.ts).
const recordExecutionJob = defineJob<{ i: number }>('test.record-execution');
const blockUntilKilledJob = defineJob<object>('test.block-until-killed');

const log = createSilentLogger();
const jobCount = 1_000;

/** Exactly-once and crash recovery with several workers; on PostgreSQL every worker is its own process. */
for (const db of testDatabases()) {
  describe(`job workers in parallel on ${db.name}`, () => {
    const processes = createWorkerProcesses();
    const inProcess: JobWorker[] = [];
    let store: Store;
    let queue: JobQueue;
    beforeEach(async () => {
      store = await openQueueStore(db);
      queue = createJobQueue({ store, clock: systemClock, log });
    });
    afterEach(async () => {
      await processes.killAll();
      await Promise.all(inProcess.splice(0).map((w) => w.stop()));
      await store.close();
    });

    const startInProcessWorker = async (workerId: string, leaseMs: number) => {
      const worker = createJobWorker({
        store,
        queue,
        clock: systemClock,
        log,
        workerId,
        leaseMs,
        concurrency: 4,
        handlers: {
          'test.record-execution': (_p, ctx) =>
            recordExecution(store, {
              job_id: ctx.jobId,
              worker_id: workerId,
              attempt: ctx.attempt,
              started_at: new Date().toISOString(),
            }),
        },
      });
      inProcess.push(worker);
      await worker.start();
      return worker;
    };
    const childConfig = (workerId: string, leaseMs: number, concurrency: number) => ({
      ...db.connectionOf(store),
      workerId,
      leaseMs,
      concurrency,
      pollIntervalMs: 2_000,
    });

    it(`${jobCount} jobs over 4 concurrent workers each run exactly once`, async () => {
      const workerIds = ['w1', 'w2', 'w3', 'w4'];
      // SQLite has one writer per file, so its four workers share this process; PostgreSQL gets four processes.
      const children =
        db.name === 'postgres'
          ? await Promise.all(workerIds.map((id) => processes.start(childConfig(id, 5_000, 4))))
          : [];
      if (db.name === 'sqlite') {
        for (const id of workerIds) await startInProcessWorker(id, 5_000);
      }
      const ids: string[] = [];
      for (let batch = 0; batch < jobCount / 100; batch++) {
        await store.transaction(async (trx) => {
          for (let i = 0; i < 100; i++) {
            ids.push(await queue.enqueue(trx, { job: recordExecutionJob, payload: { i: batch * 100 + i } }));
          }
        });
      }
      await waitFor(
        'every job to finish',
        async () => {
          const { byStatus } = await queue.getQueueStats();
          return byStatus.pending + byStatus.running + byStatus.dead === 0;
        },
        { timeoutMs: 60_000, intervalMs: 100 },
      );
      const runs = await listExecutions(store);
      expect(runs).toHaveLength(jobCount);
      expect(new Set(runs.map((r) => r.job_id))).toEqual(new Set(ids));
      expect(new Set(runs.map((r) => r.worker_id)).size).toBeGreaterThan(1);
      await Promise.all(children.map((child) => child.stop()));
      expect(children.map((child) => child.child.exitCode)).toEqual(children.map(() => 0));
    });

    it('a job whose worker was killed mid-run runs again elsewhere after the lease, and completes once', async () => {
      const leaseMs = 500;
      const doomed = await processes.start(childConfig('doomed', leaseMs, 1));
      const id = await queue.enqueue(store.db, { job: blockUntilKilledJob, payload: {} });
      await waitFor(
        'the doomed worker to start the job',
        async () => (await listExecutions(store)).length === 1,
      );
      const leaseOfDoomed = (await queue.getJob(id))?.leaseUntil;
      await doomed.kill();

      const rescuer = createJobWorker({
        store,
        queue,
        clock: systemClock,
        log,
        workerId: 'rescuer',
        leaseMs,
        handlers: {
          'test.block-until-killed': (_p, ctx) =>
            recordExecution(store, {
              job_id: ctx.jobId,
              worker_id: 'rescuer',
              attempt: ctx.attempt,
              started_at: new Date().toISOString(),
            }),
        },
      });
      inProcess.push(rescuer);
      await rescuer.start();
      await waitFor('the job to complete', async () => (await queue.getJob(id)) === undefined, {
        timeoutMs: 10_000,
      });

      const runs = await listExecutions(store);
      expect(runs.map((r) => [r.worker_id, r.attempt])).toEqual([
        ['doomed', 1],
        ['rescuer', 2],
      ]);
      expect(leaseOfDoomed).toBeInstanceOf(Date);
      expect(new Date(runs[1]?.started_at ?? 0).getTime()).toBeGreaterThanOrEqual(
        leaseOfDoomed?.getTime() ?? 0,
      );
      await rescuer.drain();
      expect(await listExecutions(store)).toHaveLength(2);
    });
  });
}
