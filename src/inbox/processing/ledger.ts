import type { Kysely, Selectable, Updateable } from 'kysely';
import { timeOrderedId } from '../../jobs/index.js';
import type { Database, MessagesTable } from '../../store/index.js';

/** A ledger row. */
export type LedgerRow = Selectable<MessagesTable>;

/**
 * Text from a mail as the ledger may store it: PostgreSQL text cannot hold NUL, which a malformed mail can carry
 * in any header; without this the mail would fail on one database and not on the other.
 */
export function storableText(value: unknown, maxLength: number): string | null {
  return typeof value === 'string' ? value.replaceAll('\u0000', '').slice(0, maxLength) : null;
}

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

/**
 * Moves a mail to Processing only if it is still as it was read (`attempts`) and in one of `from`: a compare-and-set,
 * so of two runners that read the same row only one gets it. False when another runner got there first.
 */
export async function claimLedgerRow(
  db: Kysely<Database>,
  row: Pick<LedgerRow, 'id' | 'attempts'>,
  from: readonly LedgerRow['status'][],
  updatedAt: string,
): Promise<boolean> {
  const result = await db
    .updateTable('messages')
    .set({ status: 'processing', attempts: row.attempts + 1, updated_at: updatedAt })
    .where('id', '=', row.id)
    .where('attempts', '=', row.attempts)
    .where('status', 'in', from)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
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
    // Time-ordered ids append to the key index; random ones rewrite a random page per event (bench P3).
    .values({ id: timeOrderedId(), message_id: messageId, at, kind, detail })
    .execute();
}

/** True when another mail with the same internetMessageId was already Processed for the resource. */
export async function wasProcessedBefore(
  db: Kysely<Database>,
  row: { id: string; resource_id: string },
  internetMessageId: string | null,
): Promise<boolean> {
  const storedId = storableText(internetMessageId, 100_000);
  if (!storedId) return false;
  const other = await db
    .selectFrom('messages')
    .select('id')
    .where('resource_id', '=', row.resource_id)
    .where('internet_message_id', '=', storedId)
    .where('status', '=', 'processed')
    .where('id', '!=', row.id)
    .executeTakeFirst();
  return Boolean(other);
}
