import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../test/support/manual-clock.js';
import { openQueueStore } from '../../test/support/store/queue-store.js';
import { testDatabases } from '../../test/support/test-databases.js';
import { ValidationFailed } from '../errors/index.js';
import { createSilentLogger } from '../shared/index.js';
import type { Store } from '../store/index.js';
import {
  createJobQueue,
  createJobWorker,
  type JobHandler,
  type JobQueue,
  type JobWorkerOptions,
  defineJob,
} from './index.js';
import { claimJobs } from './job-repository.js';

const log = createSilentLogger();
const name = 'test.do-work';
const job = defineJob<unknown>(name);

for (const db of testDatabases()) {
  describe(`job worker on ${db.name}`, () => {
    let store: Store;
    let clock: ManualClock;
    let queue: JobQueue;
    const workers: ReturnType<typeof createJobWorker>[] = [];
    const newWorker = (handler: JobHandler, options: Partial<JobWorkerOptions> = {}) => {
      const worker = createJobWorker({ store, queue, clock, log, handlers: { [name]: handler }, ...options });
      workers.push(worker);
      return worker;
    };
    beforeEach(async () => {
      store = await openQueueStore(db);
      clock = createManualClock();
      queue = createJobQueue({ store, clock, log });
    });
    afterEach(async () => {
      await Promise.all(workers.splice(0).map((w) => w.stop()));
      await store.close();
    });

    it('runs a due job once with its payload and deletes it when it succeeds', async () => {
      const calls: unknown[] = [];
      const worker = newWorker(async (payload, ctx) => {
        calls.push({ payload, attempt: ctx.attempt, jobId: ctx.jobId });
      });
      const id = await queue.enqueue(store.db, { job, payload: { ticket: 7 } });
      await worker.drain();
      await worker.drain();
      expect(calls).toEqual([{ payload: { ticket: 7 }, attempt: 1, jobId: id }]);
      expect(await queue.getJob(id)).toBeUndefined();
    });

    it("a job completed in its handler's transaction ends with that commit, and a rolled-back one runs again", async () => {
      let runs = 0;
      const worker = newWorker(async (_payload, ctx) => {
        runs += 1;
        await store.transaction(async (trx) => {
          await ctx.completeIn?.(trx);
          if (runs === 1) throw new Error('the effect failed, so the completion rolls back');
        });
      });
      const id = await queue.enqueue(store.db, { job, payload: {} });
      await worker.drain();
      expect(await queue.getJob(id)).toMatchObject({ status: 'pending', attempts: 1 });
      clock.advance(60_000);
      await worker.drain();
      expect(runs).toBe(2);
      expect(await queue.getJob(id)).toBeUndefined();
    });

    it('retries a failing job with growing backoff, then keeps it dead with its last error', async () => {
      let calls = 0;
      const worker = newWorker(
        async function failingHandler() {
          calls += 1;
          throw new Error(`boom ${calls}`);
        },
        { retry: { baseDelayMs: 1_000, maxDelayMs: 60_000 } },
      );
      const id = await queue.enqueue(store.db, { job, payload: {}, maxAttempts: 3 });
      const waitAfter = async () => (await queue.getJob(id))!.runAt.getTime() - clock.now().getTime();

      await worker.drain();
      expect(await queue.getJob(id)).toMatchObject({
        status: 'pending',
        attempts: 1,
        lastError: { message: 'boom 1' },
      });
      const firstWait = await waitAfter();
      expect(firstWait).toBeGreaterThanOrEqual(500);
      expect(firstWait).toBeLessThanOrEqual(1_000);
      await worker.drain();
      expect(calls).toBe(1);

      clock.advance(firstWait);
      await worker.drain();
      const secondWait = await waitAfter();
      expect(secondWait).toBeGreaterThanOrEqual(1_000);
      expect(secondWait).toBeLessThanOrEqual(2_000);

      clock.advance(secondWait);
      await worker.drain();
      const dead = await queue.getJob(id);
      expect(calls).toBe(3);
      expect(dead).toMatchObject({ status: 'dead', attempts: 3, lockedBy: null, finishedAt: clock.now() });
      expect(dead?.lastError).toMatchObject({ code: null, message: 'boom 3' });
      expect(dead?.lastError?.stack).toContain('failingHandler');
      clock.advance(3_600_000);
      await worker.drain();
      expect(calls).toBe(3);
    });

    it('kills a job at once when its error says retrying is pointless', async () => {
      const worker = newWorker(async () => {
        throw ValidationFailed.create({ problems: ['payload.messageId: required'] });
      });
      const id = await queue.enqueue(store.db, { job, payload: {} });
      await worker.drain();
      expect(await queue.getJob(id)).toMatchObject({
        status: 'dead',
        attempts: 1,
        lastError: { code: 'MSI_VALIDATION_FAILED' },
      });
    });

    it('retries a job no handler knows and finally keeps it dead with MSI_JOBS_HANDLER_MISSING', async () => {
      const worker = newWorker(async () => undefined);
      const id = await queue.enqueue(store.db, {
        job: defineJob('test.unknown-job'),
        payload: {},
        maxAttempts: 2,
      });
      await worker.drain();
      expect(await queue.getJob(id)).toMatchObject({ status: 'pending', attempts: 1 });
      clock.advance(3_600_000);
      await worker.drain();
      expect(await queue.getJob(id)).toMatchObject({
        status: 'dead',
        lastError: { code: 'MSI_JOBS_HANDLER_MISSING' },
      });
    });

    it('does not run a delayed job before its time', async () => {
      const ran: number[] = [];
      const worker = newWorker(async (payload) => {
        ran.push(payload as number);
      });
      await queue.enqueue(store.db, { job, payload: 1, delayMs: 60_000 });
      await queue.enqueue(store.db, { job, payload: 2, runAt: new Date(clock.now().getTime() + 120_000) });
      await worker.drain();
      clock.advance(59_999);
      await worker.drain();
      expect(ran).toEqual([]);
      clock.advance(1);
      await worker.drain();
      expect(ran).toEqual([1]);
      clock.advance(60_000);
      await worker.drain();
      expect(ran).toEqual([1, 2]);
    });

    it('never runs a job enqueued in a transaction that rolled back', async () => {
      let calls = 0;
      const worker = newWorker(async () => {
        calls += 1;
      });
      await worker.start();
      await store
        .transaction(async (trx) => {
          await queue.enqueue(trx, { job, payload: {} });
          throw new Error('rollback');
        })
        .catch(() => undefined);
      await worker.drain();
      expect(calls).toBe(0);
      expect((await queue.getQueueStats()).byStatus).toEqual({ pending: 0, running: 0, dead: 0 });
    });

    it('claims a job again once the lease of its vanished worker expires', async () => {
      const attempts: number[] = [];
      const worker = newWorker(async (_payload, ctx) => {
        attempts.push(ctx.attempt);
      });
      const id = await queue.enqueue(store.db, { job, payload: {} });
      const leaseUntil = new Date(clock.now().getTime() + 30_000).toISOString();
      await claimJobs(store, { workerId: 'ghost', limit: 1, now: clock.now().toISOString(), leaseUntil });
      await worker.drain();
      expect(attempts).toEqual([]);
      clock.advance(30_000);
      await worker.drain();
      expect(attempts).toEqual([2]);
      expect(await queue.getJob(id)).toBeUndefined();
    });

    it('marks dead a job whose worker vanished during its last attempt', async () => {
      const worker = newWorker(async () => undefined);
      const id = await queue.enqueue(store.db, { job, payload: {}, maxAttempts: 1 });
      const leaseUntil = new Date(clock.now().getTime() + 1_000).toISOString();
      await claimJobs(store, { workerId: 'ghost', limit: 1, now: clock.now().toISOString(), leaseUntil });
      clock.advance(1_000);
      await worker.drain();
      expect(await queue.getJob(id)).toMatchObject({
        status: 'dead',
        lastError: { code: 'MSI_JOBS_LEASE_EXPIRED' },
      });
    });
  });
}
