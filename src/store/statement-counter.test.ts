import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/test-databases.js';
import { createSilentLogger } from '../shared/index.js';
import { openStore } from './index.js';

for (const database of testDatabases()) {
  describe(`statement counts on ${database.name}`, () => {
    it('counts statements, writes, transactions and commits, and nothing unless asked to', async () => {
      const plain = await database.open();
      const store = await openStore({
        ...database.connectionOf(plain),
        log: createSilentLogger(),
        countStatements: true,
      });
      try {
        expect(plain.statementCounts()).toBeNull();
        expect(store.statementCounts()).toEqual({
          statements: 0,
          writes: 0,
          transactions: 0,
          commits: 0,
          rollbacks: 0,
        });
        const table = `probe_${randomBytes(4).toString('hex')}`;
        // Untyped: the probe table is not part of the schema.
        const db = store.db as unknown as Kysely<Record<string, { n: number }>>;
        await sql.raw(`create table ${table} (n integer not null)`).execute(store.db);
        await db.insertInto(table).values({ n: 1 }).execute();
        await db.selectFrom(table).select('n').execute();
        await store.transaction(async (trx) => {
          const t = trx as unknown as Kysely<Record<string, { n: number }>>;
          await t.insertInto(table).values({ n: 2 }).execute();
          await sql.raw(`with doomed as (select 1) update ${table} set n = n + 1`).execute(trx);
          await t.selectFrom(table).select('n').execute();
        });
        await expect(
          store.transaction(async (trx) => {
            await (trx as unknown as Kysely<Record<string, { n: number }>>)
              .insertInto(table)
              .values({ n: 3 })
              .execute();
            throw new Error('undo');
          }),
        ).rejects.toThrow('undo');
        await sql.raw(`drop table ${table}`).execute(store.db);
        expect(store.statementCounts()).toEqual({
          // create, insert, select, (insert, with-update, select), (insert), drop
          statements: 8,
          writes: 6,
          transactions: 2,
          // create, insert and drop commit by themselves; one transaction commits, one rolls back
          commits: 4,
          rollbacks: 1,
        });
        expect(plain.statementCounts()).toBeNull();
      } finally {
        await store.close();
      }
    });
  });
}
