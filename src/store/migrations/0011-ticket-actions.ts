import { sql, SqliteAdapter, type Kysely, type Migration } from 'kysely';
import { rebuildSqliteTables } from './rebuild-sqlite-tables.js';

const roleTables = ['users', 'api_tokens'] as const;

async function setRoleChecks(db: Kysely<unknown>, roles: string): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    return rebuildSqliteTables(db, roleTables, (definition) =>
      definition.replace(/role in \([^)]*\)/, `role in (${roles})`),
    );
  }
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
