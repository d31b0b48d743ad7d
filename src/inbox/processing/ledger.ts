import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database, MessagesTable } from '../../store/index.js';

/** A ledger row. */
export type LedgerRow = Selectable<MessagesTable>;

/** Reads one ledger row. */
export function findLedgerRow(db: Kysely<Database>, id: string): Promise<LedgerRow | undefined> {
  return db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Updates one ledger row. */
export async function updateLedgerRow(
  db: Kysely<Database>,
  id: string,
  patch: Updateable<MessagesTable>,
): Promise<void> {
  await db.updateTable('messages').set(patch).where('id', '=', id).execute();
}

/** Appends a line to a mail's timeline. */
export async function addMessageEvent(
  db: Kysely<Database>,
  messageId: string,
  at: string,
  kind: string,
  detail: string | null = null,
): Promise<void> {
  await db
    .insertInto('message_events')
    .values({ id: randomUUID(), message_id: messageId, at, kind, detail })
    .execute();
}

/** True when another mail with the same internetMessageId was already Processed for the resource. */
export async function wasProcessedBefore(
  db: Kysely<Database>,
  row: { id: string; resource_id: string },
  internetMessageId: string | null,
): Promise<boolean> {
  if (!internetMessageId) return false;
  const other = await db
    .selectFrom('messages')
    .select('id')
    .where('resource_id', '=', row.resource_id)
    .where('internet_message_id', '=', internetMessageId)
    .where('status', '=', 'processed')
    .where('id', '!=', row.id)
    .executeTakeFirst();
  return Boolean(other);
}
