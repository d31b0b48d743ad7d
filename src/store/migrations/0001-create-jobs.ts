import { sql, type Kysely, type Migration } from 'kysely';

/** The durable job queue: one row per pending, running or dead job. */
export const createJobs: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer', (c) => c.notNull())
      .addColumn('run_at', 'text', (c) => c.notNull())
      .addColumn('unique_key', 'text')
      .addColumn('locked_by', 'text')
      .addColumn('lease_until', 'text')
      .addColumn('last_error_code', 'text')
      .addColumn('last_error_message', 'text')
      .addColumn('last_error_stack', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addCheckConstraint('jobs_status_check', sql`status in ('pending', 'running', 'dead')`)
      .execute();
    await db.schema.createIndex('jobs_status_run_at_idx').on('jobs').columns(['status', 'run_at']).execute();
    await db.schema
      .createIndex('jobs_status_lease_until_idx')
      .on('jobs')
      .columns(['status', 'lease_until'])
      .execute();
    // Partial unique index: a unique key blocks a second job only while the first is not finished.
    await sql`create unique index jobs_unique_key_idx on jobs (unique_key) where status in ('pending', 'running')`.execute(
      db,
    );
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('jobs').execute();
  },
};
