import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openQueueStore } from '../../test/support/store/queue-store.js';
import { testDatabases } from '../../test/support/test-databases.js';
import { waitFor } from '../../test/support/wait-for.js';
import { createSilentLogger, systemClock } from '../shared/index.js';
import { openStore, type Store } from '../store/index.js';
import { createScheduler, type Scheduler } from './index.js';

const log = createSilentLogger();
const task = 'test.tick-every-second';

describe('scheduler configuration', () => {
  const store = {} as Store;
  it('rejects an invalid cron expression, a badly named task and a duplicate', () => {
    const scheduler = createScheduler({ store, clock: systemClock, log });
    expect(() => scheduler.schedule(task, 'every second', async () => undefined)).toThrow(
      expect.objectContaining({ code: 'MSI_JOBS_CRON_INVALID' }),
    );
    expect(() => scheduler.schedule('tick', '* * * * * *', async () => undefined)).toThrow(
      expect.objectContaining({ code: 'MSI_JOBS_NAME_INVALID' }),
    );
    scheduler.schedule(task, '* * * * * *', async () => undefined);
    expect(() => scheduler.schedule(task, '* * * * * *', async () => undefined)).toThrow(
      expect.objectContaining({ code: 'MSI_JOBS_TASK_DUPLICATE' }),
    );
  });
});

for (const db of testDatabases()) {
  describe(`scheduler on ${db.name}`, () => {
    const stores: Store[] = [];
    const schedulers: Scheduler[] = [];
    beforeEach(async () => {
      const first = await openQueueStore(db);
      stores.push(first);
      // Three instances, each with its own connection (PostgreSQL: its own pool).
      for (let i = 0; i < 2; i++) {
        stores.push(await openStore({ ...db.connectionOf(first), log }));
      }
    });
    afterEach(async () => {
      await Promise.all(schedulers.splice(0).map((s) => s.stop()));
      await Promise.all(stores.splice(0).map((s) => s.close()));
    });

    it('a per-second task runs once per period across three instances, failures included', async () => {
      const runs: { period: string; instance: string }[] = [];
      for (const [i, store] of stores.entries()) {
        const instanceId = `instance-${i}`;
        const scheduler = createScheduler({ store, clock: systemClock, log, instanceId });
        scheduler.schedule(task, '* * * * * *', async ({ periodStart }) => {
          runs.push({ period: periodStart.toISOString(), instance: instanceId });
          if (runs.length === 1) throw new Error('first run fails');
        });
        schedulers.push(scheduler);
      }
      for (const scheduler of schedulers) scheduler.start();
      await waitFor('three periods', () => runs.length >= 3, { timeoutMs: 10_000 });
      await Promise.all(schedulers.map((s) => s.stop()));

      const periods = runs.map((r) => r.period);
      expect(new Set(periods).size).toBe(periods.length);
      for (const period of periods) expect(period).toMatch(/\.000Z$/);
      const rows = await stores[0]!.db
        .selectFrom('scheduled_runs')
        .selectAll()
        .where('task_name', '=', task)
        .orderBy('period_start')
        .execute();
      expect(rows.map((r) => r.period_start)).toEqual([...periods].sort());
      expect(rows.map((r) => r.status)).toEqual(['failed', ...periods.slice(1).map(() => 'done')]);
      expect(rows[0]?.error_message).toBe('first run fails');
    });
  });
}
