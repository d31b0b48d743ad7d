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

/** Updates fields of one ledger row other than its status (status moves go through `transition`). */
export async function updateLedgerRow(
  db: Kysely<Database>,
  id: string,
  patch: Omit<Updateable<MessagesTable>, 'status'>,
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

/** What the ledger judged a mail to be when it was processed (auto-reply, bounce, bulk). */
export interface LedgerMailFlags {
  isAutoreply: boolean;
  isBounce: boolean;
  isBulk: boolean;
}

/** The flags the ledger stored for a mail; an empty object when there is no such mail or it has none. */
export async function findLedgerMailFlags(
  db: Kysely<Database>,
  ledgerId: string | null,
): Promise<Partial<LedgerMailFlags>> {
  if (!ledgerId) return {};
  const row = await db
    .selectFrom('messages')
    .select('mail_flags')
    .where('id', '=', ledgerId)
    .executeTakeFirst();
  return row?.mail_flags ? (JSON.parse(row.mail_flags) as Partial<LedgerMailFlags>) : {};
}
