import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { AutoReplyLogTable, Database } from '../../store/index.js';

type Db = Kysely<Database>;

/** What became of an auto-reply. */
export type AutoReplyOutcome = 'sending' | 'sent' | 'suppressed' | 'failed';

/** One auto-reply as admins list it. */
export interface AutoReplyLogEntry {
  id: string;
  helpdeskId: string | null;
  ledgerMessageId: string | null;
  recipient: string | null;
  outcome: AutoReplyOutcome;
  /** Suppression reason (`automatic-mail`, `sender-limit`, …) or, for a failure, the error code. */
  reason: string | null;
  detail: string | null;
  messageId: string | null;
  fromAddress: string | null;
  subject: string | null;
  transport: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The log row of one request (its job's `requestId`). */
export function findLogRow(db: Db, id: string): Promise<Selectable<AutoReplyLogTable> | undefined> {
  return db.selectFrom('auto_reply_log').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts a log row. */
export async function insertLogRow(db: Db, row: AutoReplyLogTable): Promise<void> {
  await db.insertInto('auto_reply_log').values(row).execute();
}

/** Records how a sending reply ended. */
export async function finishLogRow(
  db: Db,
  id: string,
  end: { outcome: 'sent' | 'failed'; reason?: string | null; detail?: string | null; at: string },
): Promise<void> {
  await db
    .updateTable('auto_reply_log')
    .set({ outcome: end.outcome, reason: end.reason ?? null, detail: end.detail ?? null, updated_at: end.at })
    .where('id', '=', id)
    .execute();
}

/**
 * When replies counted by the caps went out since `since`: to this recipient from this resource, and for this
 * helpdesk. A reply still `sending` counts, so a crash between reserving and sending errs on the quiet side.
 */
export async function replyTimes(
  db: Db,
  key: { resourceId: string; recipient: string | null; helpdeskId: string; since: string },
): Promise<{ sender: number[]; helpdesk: number[] }> {
  const base = db
    .selectFrom('auto_reply_log')
    .select('created_at')
    .where('outcome', 'in', ['sent', 'sending'])
    .where('created_at', '>=', key.since);
  const [sender, helpdesk] = await Promise.all([
    key.recipient
      ? base.where('resource_id', '=', key.resourceId).where('recipient', '=', key.recipient).execute()
      : Promise.resolve([]),
    base.where('helpdesk_id', '=', key.helpdeskId).execute(),
  ]);
  const times = (rows: Array<{ created_at: string }>) => rows.map((r) => new Date(r.created_at).getTime());
  return { sender: times(sender), helpdesk: times(helpdesk) };
}

/** Adds a history note to a helpdesk (the auto-reply itself, or a notice about one). */
export async function addHelpdeskNote(
  db: Db,
  note: {
    helpdeskId: string;
    kind: 'autoreply' | 'notice';
    text: string;
    html?: string | null;
    author?: string | null;
    at: string;
  },
): Promise<void> {
  await db
    .insertInto('helpdesk_notes')
    .values({
      id: randomUUID(),
      helpdesk_id: note.helpdeskId,
      kind: note.kind,
      text: note.text,
      html: note.html ?? null,
      author_address: note.author ?? null,
      created_at: note.at,
    })
    .execute();
}

/** Keeps the reply's Message-ID on the helpdesk, so the customer's answer threads onto it. */
export async function linkReplyMessageId(
  db: Db,
  link: { helpdeskId: string; messageId: string; mailbox: string; at: string },
): Promise<void> {
  await db
    .insertInto('helpdesk_message_ids')
    .values({
      id: randomUUID(),
      helpdesk_id: link.helpdeskId,
      internet_message_id: link.messageId,
      conversation_id: null,
      mailbox: link.mailbox,
      ledger_message_id: null,
      kind: 'autoreply',
      created_at: link.at,
    })
    .onConflict((oc) => oc.columns(['helpdesk_id', 'internet_message_id']).doNothing())
    .execute();
}

/** A resource's auto-replies, newest first, optionally of one outcome. */
export async function listLog(
  db: Db,
  resourceId: string,
  options: { outcome?: AutoReplyOutcome; limit?: number } = {},
): Promise<AutoReplyLogEntry[]> {
  let query = db
    .selectFrom('auto_reply_log')
    .selectAll()
    .where('resource_id', '=', resourceId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(Math.min(Math.max(options.limit ?? 50, 1), 500));
  if (options.outcome) query = query.where('outcome', '=', options.outcome);
  return (await query.execute()).map((r) => ({
    id: r.id,
    helpdeskId: r.helpdesk_id,
    ledgerMessageId: r.ledger_message_id,
    recipient: r.recipient,
    outcome: r.outcome as AutoReplyOutcome,
    reason: r.reason,
    detail: r.detail,
    messageId: r.message_id,
    fromAddress: r.from_address,
    subject: r.subject,
    transport: r.transport,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}
