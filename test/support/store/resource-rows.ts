import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, MessageStatus, Store } from '../../../src/store/index.js';

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

/** Marks a test mail may carry: found by reconciliation without a notification, or disposal given up. */
export interface MailMarks {
  missedAt?: string;
  disposalFailed?: boolean;
}

/**
 * Writes resources (with a live subscription) and ledger rows straight into the store, for tests of what the
 * status summary and the resources API read. Times are relative to `now`; `storeOf` is read at each call, so a
 * suite may open its store in `beforeAll`.
 */
export function createResourceRows(storeOf: () => Store, now: Date) {
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();
  return {
    minutesAgo,

    /** Adds an inbox of the demo client, subscribed until `expiresAt` (three days on by default). */
    async addInbox(email: string, options: { inactive?: boolean; expiresAt?: string } = {}): Promise<string> {
      const id = randomUUID();
      await storeOf()
        .db.insertInto('resources')
        .values({
          id,
          client_name: 'demo',
          email,
          webhook_target: '/inbox/',
          recovery_target: null,
          inactive: options.inactive ? 1 : 0,
          disposal_mode: 'soft-delete',
          disposal_folder: null,
          disposal_category: null,
          failed_category: null,
          created_at: minutesAgo(600),
          updated_at: minutesAgo(600),
        })
        .execute();
      await storeOf()
        .db.insertInto('resource_subscriptions')
        .values({
          resource_id: id,
          subscription_id: randomUUID(),
          client_state: 'x',
          expires_at: options.expiresAt ?? minutesAgo(-3 * 24 * 60),
          state: 'active',
          failures: 0,
          renewed_at: minutesAgo(600),
          created_at: minutesAgo(600),
          updated_at: minutesAgo(600),
        })
        .execute();
      return id;
    },

    /** Adds one mail in `status`, first seen at `seenAt`. */
    async addMail(resourceId: string, status: MessageStatus, seenAt: string, marks: MailMarks = {}) {
      await storeOf()
        .db.insertInto('messages')
        .values({
          id: randomUUID(),
          resource_id: resourceId,
          graph_message_id: randomUUID(),
          status,
          source: marks.missedAt ? 'reconciliation' : 'notification',
          attempts: 0,
          is_processed_duplicate: 0,
          missed_at: marks.missedAt ?? null,
          ...(marks.disposalFailed
            ? {
                disposal_status: 'failed',
                disposal_error_code: 'MSI_GRAPH_ACCESS_DENIED',
                disposal_error: 'Graph denied access',
              }
            : {}),
          first_seen_at: seenAt,
          created_at: seenAt,
          updated_at: seenAt,
        })
        .execute();
    },
  };
}
