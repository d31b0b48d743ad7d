import type { Kysely, Migration } from 'kysely';

const archivable = ['persons', 'companies', 'helpdesk_types', 'helpdesk_statuses'] as const;

/** The statuses the seed's examples use by key; put back when an installation removed them with SQL. */
const exampleStatuses = [
  { key: 'started', label: 'Started', sort_order: 20, is_default: 0, is_closed: 0 },
  { key: 'parked', label: 'Parked', sort_order: 30, is_default: 0, is_closed: 0 },
  { key: 'done', label: 'Done', sort_order: 40, is_default: 0, is_closed: 1 },
];

type StatusRow = (typeof exampleStatuses)[number] & { created_at: string };

/** Reference data is archived instead of deleted (`archived_at`); the example handlers' statuses exist. */
export const archiveReferenceData: Migration = {
  async up(db: Kysely<unknown>) {
    for (const table of archivable) {
      await db.schema.alterTable(table).addColumn('archived_at', 'text').execute();
    }
    // Typed locally: a migration must keep the shape it had when written, whatever the tables become.
    const typed = db as Kysely<{ helpdesk_statuses: StatusRow }>;
    const present = new Set(
      (await typed.selectFrom('helpdesk_statuses').select('key').execute()).map((r) => r.key),
    );
    const missing = exampleStatuses.filter((s) => !present.has(s.key));
    const createdAt = new Date().toISOString();
    if (missing.length) {
      await typed
        .insertInto('helpdesk_statuses')
        .values(missing.map((s) => ({ ...s, created_at: createdAt })))
        .execute();
    }
  },
  async down(db: Kysely<unknown>) {
    for (const table of archivable) {
      await db.schema.alterTable(table).dropColumn('archived_at').execute();
    }
  },
};
