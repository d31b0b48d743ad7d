import { sql, type Kysely } from 'kysely';

/**
 * SQLite cannot alter a CHECK constraint: each table is rebuilt from its own stored definition as `rewrite` changes
 * it (so columns other migrations added survive), the SQLite way (https://www.sqlite.org/lang_altertable.html#otheralter),
 * with foreign keys off so dropping a table does not cascade to the rows that point at it.
 */
export async function rebuildSqliteTables(
  db: Kysely<unknown>,
  tables: readonly string[],
  rewrite: (definition: string) => string,
): Promise<void> {
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin`.execute(db);
    for (const table of tables) {
      const rows = await sql<{ type: string; sql: string | null }>`
        select type, sql from sqlite_master where tbl_name = ${table} order by type desc`.execute(db);
      const definition = rows.rows.find((r) => r.type === 'table')?.sql ?? '';
      const rebuilt = rewrite(definition).replace(
        /^CREATE TABLE\s+"?\w+"?/i,
        `create table "${table}_rebuilt"`,
      );
      await sql.raw(rebuilt).execute(db);
      await sql.raw(`insert into "${table}_rebuilt" select * from "${table}"`).execute(db);
      await sql.raw(`drop table "${table}"`).execute(db);
      await sql.raw(`alter table "${table}_rebuilt" rename to "${table}"`).execute(db);
      for (const index of rows.rows.filter((r) => r.type === 'index' && r.sql)) {
        await sql.raw(index.sql ?? '').execute(db);
      }
    }
    await sql`commit`.execute(db);
  } catch (error) {
    await sql`rollback`.execute(db);
    throw error;
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
