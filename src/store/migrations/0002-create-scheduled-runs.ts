import type { Kysely, Migration } from 'kysely';

/** Claimed periods of recurring tasks; the primary key lets only one instance claim a period. */
export const createScheduledRuns: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('scheduled_runs')
      .addColumn('task_name', 'text', (c) => c.notNull())
      .addColumn('period_start', 'text', (c) => c.notNull())
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('claimed_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addColumn('error_message', 'text')
      .addPrimaryKeyConstraint('scheduled_runs_pk', ['task_name', 'period_start'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('scheduled_runs').execute();
  },
};
