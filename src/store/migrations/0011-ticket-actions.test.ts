import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/support/test-databases.js';
import { migrateToLatest } from '../migrate.js';
import { migrations } from './index.js';

const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0011'));

for (const db of testDatabases()) {
  describe(`the agent-role migration on ${db.name}`, () => {
    it('keeps users, their sessions, group memberships and tokens, and then accepts the agent role', async () => {
      const store = await db.open();
      try {
        await migrateToLatest(store, before);
        const at = new Date().toISOString();
        await sql`insert into users (id, username, password_hash, role, disabled, password_changed_at, created_at, updated_at)
          values ('u1', 'ada', 'scrypt$x', 'admin', 0, ${at}, ${at}, ${at})`.execute(store.db);
        await sql`insert into sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
          values ('s1', 'u1', 'c', ${at}, ${at}, ${at})`.execute(store.db);
        await sql`insert into user_groups (id, name, created_at) values ('g1', 'leads', ${at})`.execute(
          store.db,
        );
        await sql`insert into user_group_members (group_id, user_id, created_at) values ('g1', 'u1', ${at})`.execute(
          store.db,
        );
        await sql`insert into api_tokens (id, name, token_hash, role, created_at) values ('t1', 'ci', 'h', 'viewer', ${at})`.execute(
          store.db,
        );

        await migrateToLatest(store);

        const count = async (table: string) =>
          Number(
            (
              await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(
                store.db,
              )
            ).rows[0]?.n,
          );
        expect([
          await count('users'),
          await count('sessions'),
          await count('user_group_members'),
          await count('api_tokens'),
        ]).toEqual([1, 1, 1, 1]);
        await store.db.updateTable('users').set({ role: 'agent' }).where('id', '=', 'u1').execute();
        await store.db.updateTable('api_tokens').set({ role: 'agent' }).where('id', '=', 't1').execute();
        await expect(
          store.db
            .updateTable('users')
            .set({ role: 'owner' as 'agent' })
            .where('id', '=', 'u1')
            .execute(),
        ).rejects.toThrow();
        // Foreign keys still hold after the rebuild: removing the user removes its session and membership.
        await store.db.deleteFrom('users').where('id', '=', 'u1').execute();
        expect([await count('sessions'), await count('user_group_members')]).toEqual([0, 0]);
      } finally {
        await store.close();
      }
    });
  });
}
