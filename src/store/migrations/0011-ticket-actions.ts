import { sql, SqliteAdapter, type Kysely, type Migration } from 'kysely';

const roleTables = ['users', 'api_tokens'] as const;

/**
 * SQLite cannot alter a CHECK constraint: the table is rebuilt from its own stored definition (so columns other
 * migrations added survive), the SQLite way (https://www.sqlite.org/lang_altertable.html#otheralter), with
 * foreign keys off so dropping `users` does not cascade to its sessions and group memberships.
 */
async function rebuildSqliteRoleChecks(db: Kysely<unknown>, roles: string): Promise<void> {
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin`.execute(db);
    for (const table of roleTables) {
      const rows = await sql<{ type: string; sql: string | null }>`
        select type, sql from sqlite_master where tbl_name = ${table} order by type desc`.execute(db);
      const definition = rows.rows.find((r) => r.type === 'table')?.sql ?? '';
      const rebuilt = definition
        .replace(/role in \([^)]*\)/, `role in (${roles})`)
        .replace(/^CREATE TABLE\s+"?\w+"?/i, `create table "${table}_rebuilt"`);
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

async function setRoleChecks(db: Kysely<unknown>, roles: string): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return rebuildSqliteRoleChecks(db, roles);
  for (const table of roleTables) {
    await sql.raw(`alter table ${table} drop constraint ${table}_role_check`).execute(db);
    await sql
      .raw(`alter table ${table} add constraint ${table}_role_check check (role in (${roles}))`)
      .execute(db);
  }
}

/** The `agent` role (works tickets, administers nothing) and the assignee (a user or a group) of a ticket. */
export const ticketActions: Migration = {
  async up(db: Kysely<unknown>) {
    await setRoleChecks(db, `'admin', 'agent', 'viewer'`);
    await db.schema
      .alterTable('helpdesks')
      .addColumn('assignee_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
      .execute();
    await db.schema
      .alterTable('helpdesks')
      .addColumn('assignee_group_id', 'text', (c) => c.references('user_groups.id').onDelete('set null'))
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('helpdesks').dropColumn('assignee_group_id').execute();
    await db.schema.alterTable('helpdesks').dropColumn('assignee_user_id').execute();
    await sql`update users set role = 'viewer' where role = 'agent'`.execute(db);
    await sql`update api_tokens set role = 'viewer' where role = 'agent'`.execute(db);
    await setRoleChecks(db, `'admin', 'viewer'`);
  },
};
