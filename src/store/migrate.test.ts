import { sql, type Migration } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/test-databases.js';
import { getMigrationState, migrateToLatest, type Store } from './index.js';
import { migrations } from './migrations/index.js';

const names = Object.keys(migrations);

for (const db of testDatabases()) {
  describe(`migrations on ${db.name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await db.open();
      // PostgreSQL suites share one database: start every test from an empty one, as a fresh SQLite file is.
      if (db.name === 'postgres') {
        await sql`drop schema public cascade`.execute(store.db);
        await sql`create schema public`.execute(store.db);
      }
    });
    afterEach(() => store.close());

    it('reports pending migrations, applies them once, and is idempotent', async () => {
      expect(await getMigrationState(store)).toEqual({ applied: [], pending: names });
      const [first, second] = await Promise.all([migrateToLatest(store), migrateToLatest(store)]);
      expect([...first, ...second].sort()).toEqual(names);
      expect(await getMigrationState(store)).toEqual({ applied: names, pending: [] });
      expect(await migrateToLatest(store)).toEqual([]);
      const probe = await sql<{ n: number | string }>`select count(*) as n from jobs`.execute(store.db);
      expect(Number(probe.rows[0]?.n)).toBe(0);
    });

    it('reports a migration added later as pending, and a failing one with its name', async () => {
      await migrateToLatest(store);
      const later: Record<string, Migration> = {
        ...migrations,
        '9999-test-later': {
          up: async (k) => {
            await sql`create table later_probe (x integer)`.execute(k);
          },
        },
      };
      expect((await getMigrationState(store, later)).pending).toEqual(['9999-test-later']);
      const broken: Record<string, Migration> = {
        ...migrations,
        '9999-test-broken': {
          up: async (k) => {
            await sql`create table jobs (x integer)`.execute(k);
          },
        },
      };
      await expect(migrateToLatest(store, broken)).rejects.toMatchObject({
        code: 'MSI_STORE_MIGRATION_FAILED',
        params: { migration: '9999-test-broken' },
      });
      expect((await getMigrationState(store, broken)).pending).toEqual(['9999-test-broken']);
    });
  });
}
