import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from './statement-cache.js';

describe('the SQLite statement cache', () => {
  it('prepares a query once however often it runs, with new parameters each time, and keeps at most its size', async () => {
    const sqlite = new BetterSqlite3(':memory:');
    let prepared = 0;
    const counting = {
      close: () => sqlite.close(),
      prepare: (text: string) => {
        prepared += 1;
        return sqlite.prepare(text);
      },
    };
    const cache = withStatementCache(counting, 3);
    const db = new Kysely<{ t: { n: number } }>({ dialect: new SqliteDialect({ database: cache }) });
    await sql`create table t (n integer)`.execute(db);
    for (let n = 1; n <= 5; n += 1) await db.insertInto('t').values({ n }).execute();
    const read = async (min: number) =>
      (await db.selectFrom('t').select('n').where('n', '>=', min).execute()).map((r) => r.n);
    expect(await read(4)).toEqual([4, 5]);
    expect(await read(2)).toEqual([2, 3, 4, 5]);
    // create, insert, select: three shapes, each prepared once.
    expect(prepared).toBe(3);

    await db.deleteFrom('t').where('n', '=', 1).execute();
    await db.updateTable('t').set({ n: 9 }).where('n', '=', 2).execute();
    expect(cache.cachedStatements()).toBe(3);
    // The least recently used ones (create, insert) went; the select is still there.
    expect(await read(9)).toEqual([9]);
    expect(prepared).toBe(5);
    await db.destroy();
  });
});
