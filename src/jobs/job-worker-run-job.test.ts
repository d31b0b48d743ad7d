import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../test/support/manual-clock.js';
import { openQueueStore } from '../../test/support/store/queue-store.js';
import { testDatabases } from '../../test/support/test-databases.js';
import { createSilentLogger } from '../shared/index.js';
import type { Store } from '../store/index.js';
import { createJobQueue, createJobWorker, defineJob, type JobHandler, type JobQueue } from './index.js';
import { claimJobs } from './job-repository.js';

const log = createSilentLogger();
const name = 'test.run-chosen';
const job = defineJob<unknown>(name);

for (const db of testDatabases()) {
  describe(`running one chosen job on ${db.name}`, () => {
    let store: Store;
    let clock: ManualClock;
    let queue: JobQueue;
    const workers: ReturnType<typeof createJobWorker>[] = [];
    const newWorker = (handler: JobHandler, workerId?: string) => {
      const worker = createJobWorker({
        store,
        queue,
        clock,
        log,
        leaseMs: 10_000,
        handlers: { [name]: handler },
        ...(workerId ? { workerId } : {}),
      });
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

    it('runs the named job here and only that one, then deletes it', async () => {
      const ran: unknown[] = [];
      const worker = newWorker(async (payload, ctx) => {
        ran.push({ payload, attempt: ctx.attempt });
      });
      const other = await queue.enqueue(store.db, { job, payload: { n: 1 } });
      const chosen = await queue.enqueue(store.db, { job, payload: { n: 2 } });
      expect(await worker.runJob(chosen)).toBe(true);
      expect(ran).toEqual([{ payload: { n: 2 }, attempt: 1 }]);
      expect(await queue.getJob(chosen)).toBeUndefined();
      expect((await queue.getJob(other))?.status).toBe('pending');
    });

    it('does not run a job another worker holds, and takes it over once that lease expired', async () => {
      const ran: number[] = [];
      const worker = newWorker(async (_payload, ctx) => {
        ran.push(ctx.attempt);
      });
      const id = await queue.enqueue(store.db, { job, payload: {} });
      const now = clock.now();
      const held = await claimJobs(store, {
        workerId: 'service-worker',
        limit: 1,
        now: now.toISOString(),
        leaseUntil: new Date(now.getTime() + 5_000).toISOString(),
      });
      expect(held.map((j) => j.id)).toEqual([id]);
      expect(await worker.runJob(id)).toBe(false);
      expect(ran).toEqual([]);
      expect((await queue.getJob(id))?.lockedBy).toBe('service-worker');

      clock.advance(5_001);
      expect(await worker.runJob(id)).toBe(true);
      expect(ran).toEqual([2]);
    });

    it('a finished job, a job not yet due and an unknown id are not claimable', async () => {
      const ran: string[] = [];
      const worker = newWorker(async () => {
        ran.push('ran');
      });
      const finished = await queue.enqueue(store.db, { job, payload: {} });
      await worker.drain();
      ran.length = 0;
      const later = await queue.enqueue(store.db, { job, payload: {}, delayMs: 60_000 });
      expect(await worker.runJob(finished)).toBe(false);
      expect(await worker.runJob(later)).toBe(false);
      expect(await worker.runJob('00000000-0000-0000-0000-000000000000')).toBe(false);
      expect(ran).toEqual([]);
      expect((await queue.getJob(later))?.status).toBe('pending');
    });

    it('of several workers racing for one job (by id and by the loop), exactly one runs it', async () => {
      for (let round = 0; round < 10; round++) {
        const runs: string[] = [];
        const handlerOf = (who: string): JobHandler => {
          return async () => {
            runs.push(who);
          };
        };
        const a = newWorker(handlerOf('a'), `a-${round}`);
        const b = newWorker(handlerOf('b'), `b-${round}`);
        const loop = newWorker(handlerOf('loop'), `loop-${round}`);
        const id = await queue.enqueue(store.db, { job, payload: { round } });
        const [ranA, ranB] = await Promise.all([a.runJob(id), b.runJob(id), loop.drain()]);
        expect(runs).toHaveLength(1);
        expect([ranA, ranB].filter(Boolean).length).toBe(runs[0] === 'loop' ? 0 : 1);
        expect(await queue.getJob(id)).toBeUndefined();
      }
    });
  });
}
