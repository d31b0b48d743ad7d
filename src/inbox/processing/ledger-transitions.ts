import type { Kysely, Updateable } from 'kysely';
import { LedgerMoveRefused } from '../../errors/index.js';
import type { Database, MessagesTable, MessageStatus } from '../../store/index.js';
import { addMessageEvent, type LedgerRow } from './ledger.js';

/**
 * The ledger's state machine (DESIGN §4): for each status, the statuses a mail may move to. Every status change of
 * a mail goes through `transition` or `claimLedgerRow`, which refuse any other move.
 */
export const ledgerMoves: Readonly<Record<MessageStatus, readonly MessageStatus[]>> = Object.freeze({
  // Claimed by a worker; Failed without an attempt when the resource has no usable handler; retried by an admin.
  unprocessed: ['processing', 'failed', 'unprocessed'],
  // The attempt's outcomes; back to Unprocessed when a retryable error waits for the job's next run; claimed
  // again when the job runs again after its lease expired (the worker vanished mid-attempt).
  processing: ['processed', 'skipped', 'failed', 'gone', 'unprocessed', 'processing'],
  // Replayed by recovery (claimed as is) or retried by an admin; Failed again when no recovery target is set.
  failed: ['processing', 'unprocessed', 'failed'],
  // The handler declined and the mail stayed in the Inbox: an admin may retry it.
  skipped: ['unprocessed'],
  // The mail left the mailbox before it was read; an admin may still retry it.
  gone: ['unprocessed'],
  // Final: what follows (disposal) changes the disposal fields, not the status.
  processed: [],
});

/** Every ledger status. */
export const ledgerStatuses = Object.freeze(Object.keys(ledgerMoves)) as readonly MessageStatus[];

/** True when the state machine has the move `from` → `to`. */
export function canMove(from: MessageStatus, to: MessageStatus): boolean {
  return ledgerMoves[from].includes(to);
}

/** Throws `MSI_INBOX_LEDGER_MOVE_REFUSED` unless the state machine has the move. */
function assertMove(row: Pick<LedgerRow, 'id' | 'status'>, to: MessageStatus): void {
  if (!canMove(row.status, to)) throw LedgerMoveRefused.create({ id: row.id, from: row.status, to });
}

/** A line of the mail's timeline written with a move. */
export interface LedgerEvent {
  /** `processed`, `retry-scheduled`, … */
  kind: string;
  detail?: string | null;
  /** ISO-8601 UTC; also the row's `updated_at`. */
  at: string;
}

/** Fields a move writes besides the status (its own `updated_at` comes from the event). */
export type LedgerFields = Omit<Updateable<MessagesTable>, 'id' | 'status' | 'updated_at'>;

/**
 * Moves a mail from the status it was read in (`row.status`) to `to` and appends `event` to its timeline, through
 * `db` — pass the transaction the move belongs to. Refuses, before writing anything, a move DESIGN §4 does not have.
 */
export async function transition(
  db: Kysely<Database>,
  row: Pick<LedgerRow, 'id' | 'status'>,
  to: MessageStatus,
  event: LedgerEvent,
  fields: LedgerFields = {},
): Promise<void> {
  assertMove(row, to);
  await db
    .updateTable('messages')
    .set({ ...fields, status: to, updated_at: event.at })
    .where('id', '=', row.id)
    .execute();
  await addMessageEvent(db, row.id, event.at, event.kind, event.detail ?? null);
}

/**
 * Moves a mail to Processing only if it is still as it was read (`status`, `attempts`) and counts the attempt: a
 * compare-and-set, so of two runners that read the same row only one gets it. Returns the row as claimed, or
 * undefined when another runner got there first.
 */
export async function claimLedgerRow<Row extends Pick<LedgerRow, 'id' | 'status' | 'attempts'>>(
  db: Kysely<Database>,
  row: Row,
  event: LedgerEvent,
): Promise<(Row & { status: 'processing' }) | undefined> {
  assertMove(row, 'processing');
  const result = await db
    .updateTable('messages')
    .set({ status: 'processing', attempts: row.attempts + 1, updated_at: event.at })
    .where('id', '=', row.id)
    .where('attempts', '=', row.attempts)
    .where('status', '=', row.status)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) return undefined;
  await addMessageEvent(db, row.id, event.at, event.kind, event.detail ?? null);
  return { ...row, status: 'processing', attempts: row.attempts + 1 };
}
