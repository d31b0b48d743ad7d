import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createManualClock, type ManualClock } from '../../test/support/manual-clock.js';
import { openQueueStore } from '../../test/support/store/queue-store.js';
import { testDatabases } from '../../test/support/test-databases.js';
import { ValidationFailed } from '../errors/index.js';
import { createSilentLogger } from '../shared/index.js';
import type { Store } from '../store/index.js';
import {
  collectJobHandlers,
  createJobQueue,
  createJobWorker,
  defineJob,
  handleJob,
  type JobQueue,
} from './index.js';

const log = createSilentLogger();
const countTickets = defineJob(
  'test.count-tickets',
  z.object({ ticket: z.number(), note: z.string().optional() }),
);
// The same name without a parser: what another version of the code, or a hand-edited row, could have stored.
const looseCountTickets = defineJob<unknown>('test.count-tickets');

describe('job definitions', () => {
  it('refuse a name that is not module.verb-noun', () => {
    expect(() => defineJob('countTickets')).toThrow(
      expect.objectContaining({ code: 'MSI_JOBS_NAME_INVALID' }),
    );
  });

  it('read a stored payload through the parser, and turn its failure into a coded error that is not retried', () => {
    expect(countTickets.readPayload({ ticket: 7, extra: true })).toEqual({ ticket: 7 });
    let thrown: unknown;
    try {
      countTickets.readPayload({ ticket: 'seven' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'MSI_JOBS_PAYLOAD_INVALID', retryable: false });
    expect((thrown as Error).message).toContain('test.count-tickets');
    expect((thrown as Error).message).toContain('ticket:');
  });

  it("keep a parser's own coded error", () => {
    const own = defineJob('test.check-own', {
      parse: () => {
        throw ValidationFailed.create({ problems: ['mine'] });
      },
    });
    expect(() => own.readPayload({})).toThrow(expect.objectContaining({ code: ValidationFailed.code }));
  });

  it('refuse two handlers for one job', () => {
    const noop = async () => {};
    expect(() =>
      collectJobHandlers(handleJob(countTickets, noop), handleJob(looseCountTickets, noop)),
    ).toThrow(expect.objectContaining({ code: 'MSI_JOBS_HANDLER_DUPLICATE' }));
  });
});

for (const db of testDatabases()) {
  describe(`typed jobs on ${db.name}`, () => {
    let store: Store;
    let clock: ManualClock;
    let queue: JobQueue;
    const seen: Array<{ ticket: number }> = [];
    const newWorker = () =>
      createJobWorker({
        store,
        queue,
        clock,
        log,
        handlers: collectJobHandlers(
          handleJob(countTickets, async (payload) => {
            seen.push(payload);
          }),
        ),
      });
    beforeEach(async () => {
      store = await openQueueStore(db);
      clock = createManualClock();
      queue = createJobQueue({ store, clock, log });
      seen.length = 0;
    });
    afterEach(() => store.close());

    it('a handler receives the payload it was enqueued with, stored as name and JSON', async () => {
      const id = await queue.enqueue(store.db, { job: countTickets, payload: { ticket: 7, note: 'x' } });
      const stored = await store.db
        .selectFrom('jobs')
        .select(['name', 'payload'])
        .where('id', '=', id)
        .executeTakeFirst();
      expect(stored).toEqual({ name: 'test.count-tickets', payload: '{"ticket":7,"note":"x"}' });
      await newWorker().drain();
      expect(seen).toEqual([{ ticket: 7, note: 'x' }]);
      expect(await queue.getJob(id)).toBeUndefined();
    });

    it('a stored payload the job cannot read makes the job dead at once with a coded error', async () => {
      const id = await queue.enqueue(store.db, { job: looseCountTickets, payload: { ticket: 'seven' } });
      await newWorker().drain();
      expect(seen).toEqual([]);
      expect(await queue.getJob(id)).toMatchObject({
        status: 'dead',
        attempts: 1,
        lastError: { code: 'MSI_JOBS_PAYLOAD_INVALID' },
      });
    });
  });
}
