import type { Kysely, Migration } from 'kysely';

/** Alert rules, their episodes and the notifications sent for them (see src/alerts/). */
export const createAlerts: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('alert_rules')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('condition', 'text', (c) => c.notNull())
      .addColumn('threshold', 'integer')
      .addColumn('states', 'text')
      .addColumn('mail_transport', 'text')
      .addColumn('mail_client', 'text')
      .addColumn('mail_from', 'text')
      .addColumn('mail_to', 'text')
      .addColumn('smtp_url', 'text')
      .addColumn('webhook_url', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('alert_episodes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('rule_id', 'text', (c) => c.notNull().references('alert_rules.id').onDelete('cascade'))
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('open_subject', 'text')
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('opened_at', 'text', (c) => c.notNull())
      .addColumn('resolved_at', 'text')
      .execute();
    // NULLs are distinct in unique indexes on both dialects: many resolved episodes, one open per subject.
    await db.schema
      .createIndex('alert_episodes_open')
      .on('alert_episodes')
      .columns(['rule_id', 'open_subject'])
      .unique()
      .execute();
    await db.schema.createIndex('alert_episodes_opened').on('alert_episodes').column('opened_at').execute();
    await db.schema
      .createTable('alert_notifications')
      .addColumn('episode_id', 'text', (c) => c.notNull().references('alert_episodes.id').onDelete('cascade'))
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('alert_notifications_pk', ['episode_id', 'event', 'channel'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('alert_notifications').execute();
    await db.schema.dropTable('alert_episodes').execute();
    await db.schema.dropTable('alert_rules').execute();
  },
};
