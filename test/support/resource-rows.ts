import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/index.js';

/** Inserts a resource row of client `demo` with the seed's defaults (no subscription row); returns its id. */
export async function insertResourceRow(
  db: Kysely<Database>,
  options: { email?: string; inactive?: boolean; createdAt?: string } = {},
): Promise<string> {
  const id = randomUUID();
  const at = options.createdAt ?? new Date().toISOString();
  await db
    .insertInto('resources')
    .values({
      id,
      client_name: 'demo',
      email: options.email ?? `${id}@example.com`,
      webhook_target: '/inbox/',
      recovery_target: null,
      inactive: options.inactive ? 1 : 0,
      disposal_mode: 'soft-delete',
      disposal_folder: null,
      disposal_category: null,
      failed_category: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}
