import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { MailHandler } from '../../../src/handlers/index.js';
import type { Database, Store } from '../../../src/store/index.js';

/**
 * A stand-in for a helpdesk: one row per processed mail, written by the handler's `commit` inside the transaction
 * that marks the mail Processed. No unique constraint on purpose, so a mail handled twice shows up as two rows.
 */
export const ticketTable = 'test_tickets';

/** One ticket as the suites read it back. */
export interface TicketRow {
  subject: string;
  internetMessageId: string | null;
  attachmentBytes: number;
  committedMs: number;
  instance: string;
}

/** Creates the ticket table if it does not exist (call once, before the services start). */
export async function createTicketTable(store: Store): Promise<void> {
  await store.db.schema
    .createTable(ticketTable)
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ledger_id', 'text', (c) => c.notNull())
    .addColumn('internet_message_id', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('attachment_bytes', 'bigint', (c) => c.notNull())
    .addColumn('committed_ms', 'bigint', (c) => c.notNull())
    .addColumn('instance', 'text', (c) => c.notNull())
    .execute();
}

/** Reads every ticket. */
export async function readTickets(db: Kysely<Database>): Promise<TicketRow[]> {
  const { rows } = await sql<{
    subject: string;
    internet_message_id: string | null;
    attachment_bytes: number | string;
    committed_ms: number | string;
    instance: string;
  }>`select subject, internet_message_id, attachment_bytes, committed_ms, instance from test_tickets`.execute(
    db,
  );
  return rows.map((r) => ({
    subject: r.subject,
    internetMessageId: r.internet_message_id,
    attachmentBytes: Number(r.attachment_bytes),
    committedMs: Number(r.committed_ms),
    instance: r.instance,
  }));
}

/** Counts tickets. */
export async function countTickets(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from test_tickets`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Tickets per subject, for the exactly-once checks. */
export function ticketsBySubject(tickets: readonly TicketRow[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tickets) counts.set(t.subject, (counts.get(t.subject) ?? 0) + 1);
  return counts;
}

/** Compares delivered subjects with tickets: which are missing and which were made more than once. */
export function exactlyOnceReport(subjects: readonly string[], tickets: readonly TicketRow[]) {
  const counts = ticketsBySubject(tickets);
  const missing = subjects.filter((s) => !counts.has(s));
  const doubled = [...counts].filter(([, n]) => n > 1).map(([s, n]) => `${s} ×${n}`);
  const wanted = new Set(subjects);
  const unexpected = [...counts.keys()].filter((s) => !wanted.has(s));
  return { missing, doubled, unexpected };
}

/**
 * The handler that makes tickets: it optionally streams every attachment (as a real handler that stores
 * documents would) and records the ticket with the moment of its commit.
 */
export function createTicketHandler(options: { instance: string; readAttachments?: boolean }): MailHandler {
  return async (call) => {
    let attachmentBytes = 0;
    if (options.readAttachments) {
      for (const attachment of call.email.attachments) {
        if (attachment.kind !== 'file') continue;
        for await (const chunk of await attachment.open()) attachmentBytes += (chunk as Buffer).length;
      }
    }
    const message = call.email.message;
    // PostgreSQL text cannot hold NUL, which malformed mail may carry; a helpdesk has to drop it too.
    const text = (value: unknown) => (typeof value === 'string' ? value.replaceAll('\u0000', '') : null);
    const subject = text(message.subject) ?? '';
    const internetMessageId = text(message.internetMessageId);
    return {
      status: 'processed',
      commit: async (trx) => {
        await sql`insert into test_tickets (id, ledger_id, internet_message_id, subject, attachment_bytes, committed_ms, instance)
          values (${randomUUID()}, ${call.email.ledgerId}, ${internetMessageId}, ${subject}, ${attachmentBytes}, ${Date.now()}, ${options.instance})`.execute(
          trx,
        );
      },
    };
  };
}
