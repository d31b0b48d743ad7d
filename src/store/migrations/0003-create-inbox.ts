import { sql, type Kysely, type Migration } from 'kysely';

/** Resources (watched mailboxes), their Graph subscriptions, the message ledger, delta links, sync and recovery. */
export const createInbox: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('resources')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('client_name', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('webhook_target', 'text', (c) => c.notNull())
      .addColumn('recovery_target', 'text')
      .addColumn('inactive', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('disposal_mode', 'text', (c) => c.notNull())
      .addColumn('disposal_folder', 'text')
      .addColumn('disposal_category', 'text')
      .addColumn('failed_category', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addCheckConstraint(
        'resources_disposal_check',
        sql`disposal_mode in ('soft-delete', 'delete', 'move', 'categorise')`,
      )
      .execute();
    await db.schema
      .createIndex('resources_client_email_idx')
      .unique()
      .on('resources')
      .columns(['client_name', 'email'])
      .execute();

    await db.schema
      .createTable('resource_subscriptions')
      .addColumn('resource_id', 'text', (c) => c.primaryKey().references('resources.id').onDelete('cascade'))
      .addColumn('subscription_id', 'text')
      .addColumn('client_state', 'text')
      .addColumn('expires_at', 'text')
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_notification_at', 'text')
      .addColumn('renewed_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addCheckConstraint(
        'resource_subscriptions_state_check',
        sql`state in ('none', 'active', 'expired', 'error')`,
      )
      .execute();
    await db.schema
      .createIndex('resource_subscriptions_subscription_idx')
      .unique()
      .on('resource_subscriptions')
      .column('subscription_id')
      .execute();

    await db.schema
      .createTable('messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('resource_id', 'text', (c) => c.notNull().references('resources.id').onDelete('cascade'))
      .addColumn('graph_message_id', 'text', (c) => c.notNull())
      .addColumn('internet_message_id', 'text')
      .addColumn('received_at', 'text')
      .addColumn('subject', 'text')
      .addColumn('sender', 'text')
      .addColumn('size_bytes', 'integer')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('is_processed_duplicate', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_error_code', 'text')
      .addColumn('last_error_message', 'text')
      .addColumn('last_error_stack', 'text')
      .addColumn('handler_result', 'text')
      .addColumn('disposal_status', 'text')
      .addColumn('disposal_error', 'text')
      .addColumn('first_seen_at', 'text', (c) => c.notNull())
      .addColumn('processed_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addCheckConstraint(
        'messages_status_check',
        sql`status in ('unprocessed', 'processing', 'processed', 'skipped', 'failed')`,
      )
      .execute();
    await db.schema
      .createIndex('messages_resource_graph_idx')
      .unique()
      .on('messages')
      .columns(['resource_id', 'graph_message_id'])
      .execute();
    await db.schema
      .createIndex('messages_resource_status_idx')
      .on('messages')
      .columns(['resource_id', 'status', 'received_at'])
      .execute();
    await db.schema
      .createIndex('messages_internet_id_idx')
      .on('messages')
      .columns(['resource_id', 'internet_message_id'])
      .execute();

    await db.schema
      .createTable('message_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .execute();
    await db.schema
      .createIndex('message_events_message_idx')
      .on('message_events')
      .columns(['message_id', 'at'])
      .execute();

    await db.schema
      .createTable('delta_links')
      .addColumn('resource_id', 'text', (c) => c.primaryKey().references('resources.id').onDelete('cascade'))
      .addColumn('delta_link', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('sync_runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('client_name', 'text', (c) => c.notNull())
      .addColumn('trigger', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addColumn('outcomes', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('sync_runs_client_idx')
      .on('sync_runs')
      .columns(['client_name', 'started_at'])
      .execute();

    await db.schema
      .createTable('recovery_tasks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('resource_id', 'text', (c) => c.references('resources.id').onDelete('cascade'))
      .addColumn('since', 'text', (c) => c.notNull())
      .addColumn('message_ids', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text')
      .addColumn('finished_at', 'text')
      .addCheckConstraint('recovery_tasks_type_check', sql`type in ('failed', 'unprocessed')`)
      .addCheckConstraint(
        'recovery_tasks_status_check',
        sql`status in ('queued', 'running', 'done', 'failed')`,
      )
      .execute();

    await db.schema
      .createTable('inbox_counters')
      .addColumn('resource_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('value', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('inbox_counters_pk', ['resource_id', 'name'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      'inbox_counters',
      'recovery_tasks',
      'sync_runs',
      'delta_links',
      'message_events',
      'messages',
      'resource_subscriptions',
      'resources',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
};
