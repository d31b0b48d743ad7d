import { sql, type Kysely, type Migration } from 'kysely';

interface StatusRow {
  key: string;
  label: string;
  sort_order: number;
  is_default: number;
  is_closed: number;
  created_at: string;
}

/** The seed's status keys, seeded as the default option set; admins may add their own later. */
const defaultStatuses = [
  { key: 'new', label: 'New', sort_order: 10, is_default: 1, is_closed: 0 },
  { key: 'started', label: 'Started', sort_order: 20, is_default: 0, is_closed: 0 },
  { key: 'parked', label: 'Parked', sort_order: 30, is_default: 0, is_closed: 0 },
  { key: 'done', label: 'Done', sort_order: 40, is_default: 0, is_closed: 1 },
];

/** The built-in helpdesk: statuses, types, companies, persons, helpdesks, notes, documents, Message-IDs. */
export const createHelpdesk: Migration = {
  async up(db: Kysely<unknown>) {
    await createReferenceTables(db);
    await createHelpdesks(db);
    await createHistoryTables(db);
    const createdAt = new Date().toISOString();
    // Typed locally: a migration must keep the shape it had when written, whatever the tables become.
    await (db as Kysely<{ helpdesk_statuses: StatusRow }>)
      .insertInto('helpdesk_statuses')
      .values(defaultStatuses.map((s) => ({ ...s, created_at: createdAt })))
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      'helpdesk_message_ids',
      'helpdesk_documents',
      'helpdesk_notes',
      'helpdesks',
      'persons',
      'companies',
      'helpdesk_types',
      'helpdesk_statuses',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
};

async function createReferenceTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('helpdesk_statuses')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_closed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('helpdesk_types')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('companies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('website', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('companies_email_idx').on('companies').column('email').execute();

  await db.schema
    .createTable('persons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('company_id', 'text', (c) => c.references('companies.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('persons_email_idx').on('persons').columns(['email', 'updated_at']).execute();
}

async function createHelpdesks(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('helpdesks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().references('helpdesk_statuses.key'))
    .addColumn('type_id', 'text', (c) => c.references('helpdesk_types.id').onDelete('set null'))
    .addColumn('person_id', 'text', (c) => c.references('persons.id').onDelete('set null'))
    .addColumn('company_id', 'text', (c) => c.references('companies.id').onDelete('set null'))
    .addColumn('subscription_email', 'text')
    .addColumn('source_message_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('helpdesks_number_check', sql`length(number) = 6`)
    .execute();
  await db.schema.createIndex('helpdesks_number_idx').unique().on('helpdesks').column('number').execute();
  await db.schema
    .createIndex('helpdesks_status_idx')
    .on('helpdesks')
    .columns(['status', 'updated_at'])
    .execute();
  await db.schema.createIndex('helpdesks_updated_idx').on('helpdesks').column('updated_at').execute();
  await db.schema
    .createIndex('helpdesks_source_message_idx')
    .on('helpdesks')
    .column('source_message_id')
    .execute();
}

async function createHistoryTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('helpdesk_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('helpdesk_id', 'text', (c) => c.notNull().references('helpdesks.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('html', 'text')
    .addColumn('text', 'text')
    .addColumn('author_address', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('helpdesk_notes_helpdesk_idx')
    .on('helpdesk_notes')
    .columns(['helpdesk_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('helpdesk_documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('helpdesk_id', 'text', (c) => c.notNull().references('helpdesks.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('stored_path', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('helpdesk_documents_helpdesk_idx')
    .on('helpdesk_documents')
    .columns(['helpdesk_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('helpdesk_message_ids')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('helpdesk_id', 'text', (c) => c.notNull().references('helpdesks.id').onDelete('cascade'))
    .addColumn('internet_message_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text')
    .addColumn('mailbox', 'text')
    .addColumn('ledger_message_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('helpdesk_message_ids_unique_idx')
    .unique()
    .on('helpdesk_message_ids')
    .columns(['helpdesk_id', 'internet_message_id'])
    .execute();
  await db.schema
    .createIndex('helpdesk_message_ids_message_idx')
    .on('helpdesk_message_ids')
    .column('internet_message_id')
    .execute();
  await db.schema
    .createIndex('helpdesk_message_ids_conversation_idx')
    .on('helpdesk_message_ids')
    .columns(['mailbox', 'conversation_id'])
    .execute();
  await db.schema
    .createIndex('helpdesk_message_ids_ledger_idx')
    .on('helpdesk_message_ids')
    .column('ledger_message_id')
    .execute();
}
