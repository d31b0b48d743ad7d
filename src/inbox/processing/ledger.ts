import type { Kysely, Selectable, Updateable } from 'kysely';
import { timeOrderedId } from '../../jobs/index.js';
import type { Database, MessagesTable } from '../../store/index.js';
import type { ResourceRow } from '../resources/resource-repository.js';

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

/**
 * Reads one ledger row with its resource in one statement (a job's first read; two statements per mail fewer
 * than reading them apart, bench P3). `resource` is undefined when the resource was removed meanwhile.
 */
export async function findLedgerRowWithResource(
  db: Kysely<Database>,
  id: string,
): Promise<{ row: LedgerRow; resource: ResourceRow | undefined } | undefined> {
  const found = await db
    .selectFrom('messages as m')
    .leftJoin('resources as r', 'r.id', 'm.resource_id')
    .selectAll('m')
    .select([
      'r.id as r_id',
      'r.client_name as r_client_name',
      'r.email as r_email',
      'r.webhook_target as r_webhook_target',
      'r.recovery_target as r_recovery_target',
      'r.inactive as r_inactive',
      'r.disposal_mode as r_disposal_mode',
      'r.disposal_folder as r_disposal_folder',
      'r.disposal_category as r_disposal_category',
      'r.failed_category as r_failed_category',
      'r.created_at as r_created_at',
      'r.updated_at as r_updated_at',
    ])
    .where('m.id', '=', id)
    .executeTakeFirst();
  if (!found) return undefined;
  const {
    r_id,
    r_client_name,
    r_email,
    r_webhook_target,
    r_recovery_target,
    r_inactive,
    r_disposal_mode,
    r_disposal_folder,
    r_disposal_category,
    r_failed_category,
    r_created_at,
    r_updated_at,
    ...row
  } = found;
  const resource: ResourceRow | undefined =
    r_id === null || r_client_name === null || r_email === null || r_webhook_target === null
      ? undefined
      : {
          id: r_id,
          client_name: r_client_name,
          email: r_email,
          webhook_target: r_webhook_target,
          recovery_target: r_recovery_target,
          inactive: r_inactive ?? 0,
          disposal_mode: r_disposal_mode ?? 'soft-delete',
          disposal_folder: r_disposal_folder,
          disposal_category: r_disposal_category,
          failed_category: r_failed_category,
          created_at: r_created_at ?? '',
          updated_at: r_updated_at ?? '',
        };
  return { row, resource };
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
