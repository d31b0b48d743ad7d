import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openQueueStore } from '../../test/support/store/queue-store.js';
import { testDatabases } from '../../test/support/test-databases.js';
import { createSilentLogger } from '../shared/index.js';
import { openStore, type Store } from '../store/index.js';
import { advisoryLockKey, claimPeriod, finishPeriod, pruneScheduledRuns } from './period-claim.js';

const period = { taskName: 'inbox.renew-subscriptions', periodStart: '2030-01-01T00:00:00.000Z' };
const now = '2030-01-01T00:00:00.010Z';

for (const db of testDatabases()) {
  describe(`period claims on ${db.name}`, () => {
    const stores: Store[] = [];
    beforeEach(async () => {
      const first = await openQueueStore(db);
      const connection = db.connectionOf(first);
      stores.push(first);
      for (let i = 0; i < 2; i++) stores.push(await openStore({ ...connection, log: createSilentLogger() }));
    });
    afterEach(async () => {
      await Promise.all(stores.splice(0).map((s) => s.close()));
    });

    it('exactly one of many concurrent claimers over separate connections wins a period', async () => {
      const claims = await Promise.all(
        Array.from({ length: 9 }, (_, i) =>
          claimPeriod(stores[i % stores.length]!, { ...period, instanceId: `i${i}`, now }),
        ),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      const next = { ...period, periodStart: '2030-01-01T00:00:01.000Z' };
      expect(await claimPeriod(stores[1]!, { ...next, instanceId: 'late', now })).toBe(true);
    });

    it('records the outcome and prunes old periods', async () => {
      const store = stores[0]!;
      await claimPeriod(store, { ...period, instanceId: 'a', now });
      await finishPeriod(store.db, period, { status: 'failed', now, errorMessage: 'graph down' });
      const row = await store.db.selectFrom('scheduled_runs').selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        instance_id: 'a',
        status: 'failed',
        finished_at: now,
        error_message: 'graph down',
      });
      await pruneScheduledRuns(store.db, period.taskName, '2030-01-01T00:00:00.001Z');
      expect(await store.db.selectFrom('scheduled_runs').selectAll().execute()).toEqual([]);
    });
  });
}

describe('advisoryLockKey', () => {
  it('is a stable signed 64-bit integer', () => {
    const key = BigInt(advisoryLockKey('msi.scheduler:x'));
    expect(key).toBe(BigInt(advisoryLockKey('msi.scheduler:x')));
    expect(key >= -(2n ** 63n) && key < 2n ** 63n).toBe(true);
    expect(advisoryLockKey('msi.scheduler:y')).not.toBe(advisoryLockKey('msi.scheduler:x'));
  });
});
