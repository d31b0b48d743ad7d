import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../test/support/manual-clock.js';
import { openQueueStore } from '../../test/support/store/queue-store.js';
import { testDatabases } from '../../test/support/test-databases.js';
import { createSilentLogger } from '../shared/index.js';
import type { Store } from '../store/index.js';
import { createJobQueue, defineJob, type JobQueue } from './index.js';

const fetchMessage = defineJob<unknown>('test.fetch-message');

const log = createSilentLogger();

for (const db of testDatabases()) {
  describe(`job queue on ${db.name}`, () => {
    let store: Store;
    let clock: ManualClock;
    let queue: JobQueue;
    beforeEach(async () => {
      store = await openQueueStore(db);
      clock = createManualClock();
      queue = createJobQueue({ store, clock, log });
    });
    afterEach(() => store.close());

    it('stores an enqueued job as pending, due now, with its payload', async () => {
      const id = await queue.enqueue(store.db, {
        job: fetchMessage,
        payload: { messageId: 'm1', n: 2 },
      });
      const job = await queue.getJob(id);
      expect(job).toMatchObject({
        id,
        name: 'test.fetch-message',
        payload: { messageId: 'm1', n: 2 },
        status: 'pending',
        attempts: 0,
        maxAttempts: 10,
        runAt: clock.now(),
        lastError: null,
      });
    });

    it('a unique key returns the unfinished job instead of adding a second one', async () => {
      const job = { job: fetchMessage, payload: {}, uniqueKey: 'message:m1' };
      const first = await queue.enqueue(store.db, job);
      expect(await queue.enqueue(store.db, job)).toBe(first);
      expect(await store.transaction((trx) => queue.enqueue(trx, job))).toBe(first);
      expect((await queue.getQueueStats()).byStatus.pending).toBe(1);

      await store.db.updateTable('jobs').set({ status: 'dead' }).where('id', '=', first).execute();
      const second = await queue.enqueue(store.db, job);
      expect(second).not.toBe(first);
      expect(await queue.enqueue(store.db, { ...job, uniqueKey: 'message:m2' })).not.toBe(second);
    });

    it('enqueues many jobs in one statement, in order, and a taken unique key returns the existing job', async () => {
      const existing = await queue.enqueue(store.db, {
        job: fetchMessage,
        payload: {},
        uniqueKey: 'k2',
      });
      const ids = await store.transaction((trx) =>
        queue.enqueueMany(trx, fetchMessage, [
          { payload: { n: 1 }, uniqueKey: 'k1' },
          { payload: { n: 2 }, uniqueKey: 'k2' },
          { payload: { n: 3 } },
        ]),
      );
      expect(ids).toHaveLength(3);
      expect(ids[1]).toBe(existing);
      expect((await queue.getJob(ids[0] ?? ''))?.payload).toEqual({ n: 1 });
      expect((await queue.getJob(ids[2] ?? ''))?.payload).toEqual({ n: 3 });
      expect((await queue.getQueueStats()).byStatus.pending).toBe(3);
      expect(await queue.enqueueMany(store.db, fetchMessage, [])).toEqual([]);
    });

    it('a job enqueued in a transaction that rolls back does not exist', async () => {
      let id = '';
      const rolledBack = store.transaction(async (trx) => {
        id = await queue.enqueue(trx, { job: fetchMessage, payload: {} });
        throw new Error('the change it reacts to failed');
      });
      await expect(rolledBack).rejects.toThrow('the change it reacts to failed');
      expect(id).not.toBe('');
      expect(await queue.getJob(id)).toBeUndefined();
      expect((await queue.getQueueStats()).byStatus).toEqual({ pending: 0, running: 0, dead: 0 });
    });

    it('computes the run time from delayMs or runAt', async () => {
      const delayed = await queue.enqueue(store.db, {
        job: fetchMessage,
        payload: 1,
        delayMs: 90_000,
      });
      const runAt = new Date('2030-02-01T10:00:00.000Z');
      const scheduled = await queue.enqueue(store.db, { job: fetchMessage, payload: 2, runAt });
      expect((await queue.getJob(delayed))?.runAt).toEqual(new Date(clock.now().getTime() + 90_000));
      expect((await queue.getJob(scheduled))?.runAt).toEqual(runAt);
    });

    it('rejects bad names and options with coded errors', async () => {
      const enqueue = (job: Parameters<JobQueue['enqueue']>[1]) => queue.enqueue(store.db, job);
      expect(() => defineJob('fetchMessage')).toThrow(
        expect.objectContaining({ code: 'MSI_JOBS_NAME_INVALID' }),
      );
      const invalid = { code: 'MSI_JOBS_OPTIONS_INVALID' };
      await expect(enqueue({ job: fetchMessage, payload: undefined })).rejects.toMatchObject(invalid);
      await expect(enqueue({ job: fetchMessage, payload: 1n })).rejects.toMatchObject(invalid);
      await expect(enqueue({ job: fetchMessage, payload: {}, maxAttempts: 0 })).rejects.toMatchObject(
        invalid,
      );
      const both = { job: fetchMessage, payload: {}, delayMs: 1, runAt: new Date() };
      await expect(enqueue(both)).rejects.toMatchObject(invalid);
    });

    it('reports depth by status and the age of the oldest due pending job', async () => {
      expect(await queue.getQueueStats()).toEqual({
        byStatus: { pending: 0, running: 0, dead: 0 },
        oldestPendingAgeMs: null,
      });
      await queue.enqueue(store.db, { job: fetchMessage, payload: 1 });
      clock.advance(5_000);
      await queue.enqueue(store.db, { job: fetchMessage, payload: 2 });
      await queue.enqueue(store.db, { job: fetchMessage, payload: 3, delayMs: 60_000 });
      const dead = await queue.enqueue(store.db, { job: fetchMessage, payload: 4 });
      await store.db.updateTable('jobs').set({ status: 'dead' }).where('id', '=', dead).execute();
      expect(await queue.getQueueStats()).toEqual({
        byStatus: { pending: 3, running: 0, dead: 1 },
        oldestPendingAgeMs: 5_000,
      });
    });
  });
}
