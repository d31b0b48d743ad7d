import { sql, SqliteAdapter, type Kysely, type Migration } from 'kysely';
import { rebuildSqliteTables } from './rebuild-sqlite-tables.js';

async function setStatusCheck(db: Kysely<unknown>, statuses: string): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    return rebuildSqliteTables(db, ['messages'], (definition) =>
      definition.replace(/status in \([^)]*\)/, `status in (${statuses})`),
    );
  }
  await sql`alter table messages drop constraint messages_status_check`.execute(db);
  await sql
    .raw(`alter table messages add constraint messages_status_check check (status in (${statuses}))`)
    .execute(db);
}

/**
 * The ledger status `gone`: the mail left the mailbox before it was read. Such mails were recorded as Skipped
 * with a `gone` event; they become Gone, so Skipped means again only what DESIGN §4 says (the handler declined).
 */
export const addGoneStatus: Migration = {
  async up(db: Kysely<unknown>) {
    await setStatusCheck(db, `'unprocessed', 'processing', 'processed', 'skipped', 'failed', 'gone'`);
    await sql`update messages set status = 'gone'
      where status = 'skipped' and last_error_code = 'MSI_GRAPH_NOT_FOUND'
        and last_error_message = 'the mail is no longer in the mailbox'`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`update messages set status = 'skipped' where status = 'gone'`.execute(db);
    await setStatusCheck(db, `'unprocessed', 'processing', 'processed', 'skipped', 'failed'`);
  },
};
