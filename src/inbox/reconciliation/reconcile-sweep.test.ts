import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobQueue } from '../../jobs/index.js';
import { createSilentLogger, systemClock } from '../../shared/index.js';
import { migrateToLatest, openStore, type Store } from '../../store/index.js';
import { insertResourceRow } from '../../../test/support/store/resource-rows.js';
import { testDatabases } from '../../../test/support/test-databases.js';
import type { InboxDeps } from '../inbox-deps.js';
import { inboxJobs } from '../inbox-jobs.js';
import { createReconcileSweep } from './reconcile-sweep.js';

const log = createSilentLogger();

for (const database of testDatabases()) {
  describe(`reconciliation at start on ${database.name}`, () => {
    let store: Store;
    /** Another instance's store: a second pool on PostgreSQL; SQLite has one store per process. */
    let other: Store;

    beforeAll(async () => {
      store = await database.open();
      await migrateToLatest(store);
      other =
        store.dialect === 'postgres' ? await openStore({ ...database.connectionOf(store), log }) : store;
    });
    afterAll(async () => {
      if (other !== store) await other.close();
      await store.close();
    });

    const sweepOf = (s: Store) =>
      createReconcileSweep({
        store: s,
        queue: createJobQueue({ store: s, clock: systemClock, log }),
      } as unknown as InboxDeps);

    const addResource = (inactive: boolean) => insertResourceRow(store.db, { inactive });

    it('instances starting together queue one reconciliation per active resource, none for inactive ones', async () => {
      const active = [await addResource(false), await addResource(false)];
      const inactive = await addResource(true);
      const sweeps = [sweepOf(store), sweepOf(other), sweepOf(other), sweepOf(store)];
      await Promise.all(sweeps.map((sweep) => sweep.enqueue('start', { activeOnly: true })));
      const jobs = await store.db
        .selectFrom('jobs')
        .select(['unique_key', 'payload'])
        .where('name', '=', inboxJobs.reconcileResource.name)
        .where(
          'unique_key',
          'in',
          [...active, inactive].map((id) => `reconcile:${id}`),
        )
        .execute();
      expect(jobs.map((j) => j.unique_key).sort()).toEqual(active.map((id) => `reconcile:${id}`).sort());
      for (const job of jobs) expect(JSON.parse(job.payload)).toMatchObject({ reason: 'start' });
    });
  });
}
