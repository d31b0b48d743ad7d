import type { Kysely, Migration } from 'kysely';

/** What ms-inbox recognised in a mail (auto-reply, bounce, bulk), kept on its ledger row for the admin. */
export const addMailFlags: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('messages').addColumn('mail_flags', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('messages').dropColumn('mail_flags').execute();
  },
};
