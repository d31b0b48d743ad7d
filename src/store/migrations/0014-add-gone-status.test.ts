import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/support/test-databases.js';
import { migrateToLatest } from '../migrate.js';
import { migrations } from './index.js';

const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0014'));

for (const db of testDatabases()) {
  describe(`the gone-status migration on ${db.name}`, () => {
    it('turns mails recorded as Skipped because they were gone into Gone, keeping every mail and its timeline', async () => {
      const store = await db.open();
      try {
        await migrateToLatest(store, before);
        const at = new Date().toISOString();
        await sql`insert into resources (id, client_name, email, webhook_target, inactive, disposal_mode, created_at, updated_at)
          values ('r1', 'demo', 'support@example.com', '/inbox/', 0, 'soft-delete', ${at}, ${at})`.execute(
          store.db,
        );
        const mail = (id: string, code: string | null, message: string | null) =>
          sql`insert into messages (id, resource_id, graph_message_id, status, source, attempts, is_processed_duplicate,
              last_error_code, last_error_message, first_seen_at, created_at, updated_at)
            values (${id}, 'r1', ${`g-${id}`}, 'skipped', 'notification', 1, 0, ${code}, ${message}, ${at}, ${at}, ${at})`.execute(
            store.db,
          );
        await mail('gone', 'MSI_GRAPH_NOT_FOUND', 'the mail is no longer in the mailbox');
        await mail('declined', null, 'auto-reply');
        await sql`insert into message_events (id, message_id, at, kind) values ('e1', 'gone', ${at}, 'gone')`.execute(
          store.db,
        );

        await migrateToLatest(store);

        const rows = await store.db.selectFrom('messages').select(['id', 'status']).orderBy('id').execute();
        expect(rows).toEqual([
          { id: 'declined', status: 'skipped' },
          { id: 'gone', status: 'gone' },
        ]);
        const events = await store.db.selectFrom('message_events').select('message_id').execute();
        expect(events).toEqual([{ message_id: 'gone' }]);
        await expect(
          store.db
            .updateTable('messages')
            .set({ status: 'lost' as 'gone' })
            .where('id', '=', 'gone')
            .execute(),
        ).rejects.toThrow();
        // Foreign keys still hold after the rebuild: removing the resource removes its mails and their timeline.
        await store.db.deleteFrom('resources').where('id', '=', 'r1').execute();
        expect(await store.db.selectFrom('message_events').select('id').execute()).toEqual([]);
      } finally {
        await store.close();
      }
    });
  });
}
