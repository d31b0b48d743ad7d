import type { Kysely, Migration } from 'kysely';

/**
 * What resource health reads from the ledger: when reconciliation found a mail no notification announced
 * (`missed_at`), and the coded error of a disposal that gave up (`disposal_error_code`).
 */
export const addMailHealth: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('messages').addColumn('missed_at', 'text').execute();
    await db.schema.alterTable('messages').addColumn('disposal_error_code', 'text').execute();
    await db.schema
      .createIndex('messages_resource_missed_idx')
      .on('messages')
      .columns(['resource_id', 'missed_at'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('messages_resource_missed_idx').execute();
    await db.schema.alterTable('messages').dropColumn('disposal_error_code').execute();
    await db.schema.alterTable('messages').dropColumn('missed_at').execute();
  },
};
