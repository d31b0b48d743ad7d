import type { Kysely, Migration } from 'kysely';

/** Auto-reply settings per resource and the log of every auto-reply sent, suppressed or failed. */
export const createAutoReplies: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('auto_reply_settings')
      .addColumn('resource_id', 'text', (c) => c.primaryKey().references('resources.id').onDelete('cascade'))
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('only_new_helpdesks', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('subject_template', 'text')
      .addColumn('text_template', 'text')
      .addColumn('html_template', 'text')
      .addColumn('default_from', 'text')
      .addColumn('from_name', 'text')
      .addColumn('transport', 'text', (c) => c.notNull().defaultTo('graph'))
      .addColumn('smtp_url', 'text')
      .addColumn('limits', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('auto_reply_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('resource_id', 'text', (c) => c.notNull().references('resources.id').onDelete('cascade'))
      // Kept when the helpdesk goes: the caps still count the replies sent for it.
      .addColumn('helpdesk_id', 'text', (c) => c.references('helpdesks.id').onDelete('set null'))
      .addColumn('ledger_message_id', 'text')
      .addColumn('recipient', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('detail', 'text')
      .addColumn('message_id', 'text')
      .addColumn('from_address', 'text')
      .addColumn('subject', 'text')
      .addColumn('transport', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('auto_reply_log_recipient_idx')
      .on('auto_reply_log')
      .columns(['resource_id', 'recipient', 'created_at'])
      .execute();
    await db.schema
      .createIndex('auto_reply_log_helpdesk_idx')
      .on('auto_reply_log')
      .columns(['helpdesk_id', 'created_at'])
      .execute();
    await db.schema
      .createIndex('auto_reply_log_resource_idx')
      .on('auto_reply_log')
      .columns(['resource_id', 'created_at'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('auto_reply_log').execute();
    await db.schema.dropTable('auto_reply_settings').execute();
  },
};
