import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tenantWideKey } from '../../graph/index.js';
import { createSilentLogger, systemClock } from '../../shared/index.js';
import { migrateToLatest, type Store } from '../../store/index.js';
import { testDatabases } from '../../../test/support/test-databases.js';
import { createSharedGraphBudget, type SharedGraphBudget } from './shared-graph-budget.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// The shared budget is PostgreSQL's: one SQLite process keeps the in-memory limiter (src/cli/service.ts).
for (const database of testDatabases().filter((d) => d.name === 'postgres')) {
  describe(`shared Graph budget on ${database.name}`, () => {
    const opened: Array<{ close(): Promise<void> }> = [];
    beforeAll(async () => {
      const store = await database.open();
      await migrateToLatest(store);
      await store.close();
    });
    afterEach(async () => {
      for (const item of opened.splice(0).reverse()) await item.close();
    });

    /** An instance of its own: its own pool and LISTEN connection on the one database. */
    const instance = async (
      options: { leaseMs?: number; budget?: { requests: number; windowMs: number } } = {},
    ): Promise<{ store: Store; budget: SharedGraphBudget }> => {
      const store = await database.open();
      const budget = await createSharedGraphBudget({
        store,
        clock: systemClock,
        log: createSilentLogger(),
        ...options,
      });
      opened.push(store, budget);
      return { store, budget };
    };

    it('two instances together never run more than 4 requests of one mailbox at once', async () => {
      const [a, b] = [await instance(), await instance()];
      const clientId = randomUUID();
      const mailbox = `busy-${randomUUID()}@contoso.com`;
      let inFlight = 0;
      let peak = 0;
      const work = async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await sleep(5 + Math.random() * 15);
        inFlight -= 1;
      };
      const limiters = [a.budget.limiterFor(clientId), b.budget.limiterFor(clientId)];
      await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          // Every tenth request is a `$batch` taking all four slots.
          limiters[i % 2]?.run(mailbox, work, i % 10 === 0 ? 4 : 1),
        ),
      );
      expect(peak).toBeLessThanOrEqual(4);
      expect(peak).toBeGreaterThanOrEqual(2);
      const spent = [a.budget.stats(), b.budget.stats()];
      const perRequest =
        spent.reduce((n, s) => n + s.statements, 0) / spent.reduce((n, s) => n + s.requests, 0);
      console.info(`contended: ${perRequest.toFixed(2)} SQL statements per Graph request`);
      // Another app on the same mailbox has a budget of its own.
      let other = 0;
      await Promise.all(
        Array.from({ length: 8 }, () =>
          a.budget.limiterFor(randomUUID()).run(mailbox, async () => {
            other += 1;
          }),
        ),
      );
      expect(other).toBe(8);
    }, 30_000);

    it('a request costs two SQL statements while slots are free: acquire and release', async () => {
      const { budget } = await instance();
      const limiter = budget.limiterFor(randomUUID());
      const mailbox = `quiet-${randomUUID()}@contoso.com`;
      for (let i = 0; i < 10; i += 1) await limiter.run(mailbox, async () => undefined);
      // Plus, once per mailbox, creating its slot rows and pruning the window's old buckets.
      expect(budget.stats()).toEqual({ requests: 10, statements: 10 * 2 + 2 });
      // Calls charged to no mailbox (subscriptions) have no Graph mailbox limit to share.
      await limiter.run(tenantWideKey, async () => undefined);
      expect(budget.stats().statements).toBe(22);
    });

    it("a crashed instance's slots are free again once its leases end", async () => {
      const crashed = await instance({ leaseMs: 600 });
      const survivor = await instance({ leaseMs: 600 });
      const clientId = randomUUID();
      const mailbox = `crash-${randomUUID()}@contoso.com`;
      let started = 0;
      const hung = Array.from({ length: 4 }, () =>
        crashed.budget.limiterFor(clientId).run(mailbox, () => {
          started += 1;
          return new Promise<void>(() => undefined);
        }),
      );
      void hung;
      while (started < 4) await sleep(10);
      // The instance loses its database: no release, no renewal.
      await crashed.store.close();
      const lostAt = Date.now();
      let ranAt = 0;
      await survivor.budget.limiterFor(clientId).run(mailbox, async () => {
        ranAt = Date.now();
      });
      expect(ranAt - lostAt).toBeGreaterThanOrEqual(300);
      expect(ranAt - lostAt).toBeLessThan(3_000);
    }, 30_000);

    it('a long request renews its lease, so its slot is not taken while it runs', async () => {
      const [a, b] = [await instance({ leaseMs: 300 }), await instance({ leaseMs: 300 })];
      const clientId = randomUUID();
      const mailbox = `long-${randomUUID()}@contoso.com`;
      const events: string[] = [];
      const longOnes = Array.from({ length: 4 }, () =>
        a.budget.limiterFor(clientId).run(mailbox, async () => {
          await sleep(1_000);
          events.push('long done');
        }),
      );
      await sleep(50);
      await b.budget.limiterFor(clientId).run(mailbox, async () => {
        events.push('short ran');
      });
      await Promise.all(longOnes);
      expect(events.indexOf('short ran')).toBeGreaterThanOrEqual(1);
    }, 30_000);

    it('the window budget holds across instances', async () => {
      const budget = { requests: 5, windowMs: 1_000 };
      const [a, b] = [await instance({ budget }), await instance({ budget })];
      const clientId = randomUUID();
      const mailbox = `budget-${randomUUID()}@contoso.com`;
      const startedAt: number[] = [];
      const t0 = Date.now();
      // One after the other, alternating: each instance alone would allow 5, so 8 would start at once.
      for (let i = 0; i < 8; i += 1) {
        await (i % 2 === 0 ? a : b).budget.limiterFor(clientId).run(mailbox, async () => {
          startedAt.push(Date.now() - t0);
        });
      }
      expect(startedAt.filter((ms) => ms < 900)).toHaveLength(5);
      expect(startedAt).toHaveLength(8);
    }, 30_000);
  });
}
