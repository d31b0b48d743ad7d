import type { Kysely, Migration } from 'kysely';

/** Per-mailbox Graph slot leases and request counts, shared by every instance on one PostgreSQL. */
export const createGraphBudget: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('graph_slots')
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('mailbox', 'text', (c) => c.notNull())
      .addColumn('slot', 'integer', (c) => c.notNull())
      .addColumn('holder', 'text')
      .addColumn('lease_until', 'text')
      .addPrimaryKeyConstraint('graph_slots_pk', ['client_id', 'mailbox', 'slot'])
      .execute();
    await db.schema
      .createTable('graph_budget')
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('mailbox', 'text', (c) => c.notNull())
      .addColumn('bucket_start', 'text', (c) => c.notNull())
      .addColumn('requests', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('graph_budget_pk', ['client_id', 'mailbox', 'bucket_start'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('graph_budget').execute();
    await db.schema.dropTable('graph_slots').execute();
  },
};
