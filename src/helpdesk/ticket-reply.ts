import { randomUUID } from 'node:crypto';
import {
  GraphAccessDenied,
  NotFound,
  TicketActionInvalid,
  TicketReplyNoRecipient,
  TicketReplySendDenied,
  TicketReplyTooLarge,
} from '../errors/index.js';
import type { GraphClient } from '../graph/index.js';
import { findWatchedMailboxByAddress } from '../inbox/index.js';
import type { Clock } from '../shared/index.js';
import type { Store } from '../store/index.js';
import { buildAutoReplyMime, newMessageId } from './auto-reply/auto-reply-mime.js';
import { createGraphTransport } from './auto-reply/transports.js';
import { createDocumentFiles } from './document-files.js';
import { textToHtml } from './html-text.js';
import { addHistory, checkText, type TicketActor } from './ticket-actions.js';

/** Total size of a reply's attachments: Graph's MIME `sendMail` takes at most 4 MB, base64 adds a third. */
const replyAttachmentLimitBytes = 3 * 1024 * 1024;
/** Most Message-IDs in `References`, newest kept (RFC 5322 §3.6.4 allows trimming the middle). */
const maxReferences = 20;

/** A file on a reply, as the API receives it (base64). */
interface ReplyAttachmentInput {
  fileName: string;
  contentType?: string;
  contentBase64: string;
}

/** What replies are built from. */
interface TicketReplyDeps {
  store: Pick<Store, 'db' | 'transaction'>;
  /** The Graph client of a configured client name (the resource's). */
  graphFor: (clientName: string) => Pick<GraphClient, 'messages'>;
  /** The reply's attachments are kept as documents of the ticket under `<dataDir>/documents/`. */
  dataDir: string;
  clock: Clock;
}

/** What a sent reply was. */
interface SentReply {
  messageId: string;
  subject: string;
  from: string;
  to: string;
}

function decodeAttachments(input: unknown) {
  if (input === undefined) return [];
  if (!Array.isArray(input)) throw TicketActionInvalid.create({ problems: ['attachments: must be a list'] });
  const files = input.map((a: Partial<ReplyAttachmentInput>, i) => {
    if (typeof a?.fileName !== 'string' || a.fileName.trim() === '' || typeof a.contentBase64 !== 'string')
      throw TicketActionInvalid.create({
        problems: [`attachments[${i}]: needs fileName and contentBase64`],
      });
    return {
      fileName: a.fileName.trim(),
      contentType:
        typeof a.contentType === 'string' && a.contentType ? a.contentType : 'application/octet-stream',
      content: Buffer.from(a.contentBase64, 'base64'),
    };
  });
  const sizeBytes = files.reduce((sum, f) => sum + f.content.length, 0);
  if (sizeBytes > replyAttachmentLimitBytes)
    throw TicketReplyTooLarge.create({ sizeBytes, limitBytes: replyAttachmentLimitBytes });
  return files;
}

/**
 * Replies to the customer from the ticket: MIME `sendMail` from the mailbox the ticket came in through, subject
 * `Title [number]`, `In-Reply-To`/`References` of the customer's last mail so the answer threads back; then the
 * reply, its Message-ID and its attachments go into the ticket's history.
 */
export function createTicketReply(deps: TicketReplyDeps) {
  const { db } = deps.store;
  const files = createDocumentFiles({ dataDir: deps.dataDir });

  async function context(ticketId: string) {
    const ticket = await db
      .selectFrom('helpdesks as h')
      .leftJoin('persons as p', 'p.id', 'h.person_id')
      .select(['h.id', 'h.number', 'h.title', 'h.subscription_email', 'p.name as person_name', 'p.email'])
      .where('h.id', '=', ticketId)
      .executeTakeFirst();
    if (!ticket) throw NotFound.create({ what: 'ticket', id: ticketId });
    const [lastMail, ids, resource] = await Promise.all([
      db
        .selectFrom('helpdesk_notes')
        .select('author_address')
        .where('helpdesk_id', '=', ticketId)
        .where('kind', '=', 'email')
        .where('author_address', 'is not', null)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirst(),
      db
        .selectFrom('helpdesk_message_ids')
        .select(['internet_message_id', 'kind'])
        .where('helpdesk_id', '=', ticketId)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
      ticket.subscription_email ? findWatchedMailboxByAddress(db, ticket.subscription_email) : null,
    ]);
    const to = lastMail?.author_address ?? ticket.email;
    if (!to || !resource) throw TicketReplyNoRecipient.create({ ticketId });
    const customerLast = ids.filter((m) => m.kind === 'mail').at(-1)?.internet_message_id ?? null;
    const references = ids.map((m) => m.internet_message_id).slice(-maxReferences);
    return { ticket, to, resource, customerLast, references };
  }

  return {
    /** Sends the reply (Graph 403 → `MSI_TICKET_REPLY_SEND_DENIED`) and records it on the ticket. */
    async send(
      ticketId: string,
      input: { text: unknown; attachments?: unknown },
      actor: TicketActor,
    ): Promise<SentReply> {
      const text = checkText(input.text, 'text');
      const attachments = decodeAttachments(input.attachments);
      const { ticket, to, resource, customerLast, references } = await context(ticketId);
      const from = resource.email;
      const subject = `${ticket.title} [${ticket.number}]`;
      const messageId = newMessageId(from);
      const date = deps.clock.now();
      const mime = await buildAutoReplyMime({
        from: { name: null, address: from },
        to: { name: to === ticket.email ? ticket.person_name : null, address: to },
        subject,
        text,
        html: textToHtml(text),
        messageId,
        headers: {
          ...(customerLast ? { 'In-Reply-To': customerLast } : {}),
          ...(references.length ? { References: references.join(' ') } : {}),
        },
        date,
        attachments,
      });
      try {
        await createGraphTransport(deps.graphFor(resource.clientName)).send({ from, to, mime });
      } catch (error) {
        if (GraphAccessDenied.is(error))
          throw TicketReplySendDenied.create({ mailbox: from }, { cause: error });
        throw error;
      }
      // Sent: from here on the history must say so even if an attachment cannot be kept as a document.
      const stored = await Promise.all(
        attachments.map(async (a) => {
          const id = randomUUID();
          const file = await files.write({ id, fileName: a.fileName, content: a.content, now: date });
          return { id, file, attachment: a };
        }),
      );
      await deps.store.transaction(async (trx) => {
        const at = date.toISOString();
        await trx
          .insertInto('helpdesk_message_ids')
          .values({
            id: randomUUID(),
            helpdesk_id: ticketId,
            internet_message_id: messageId,
            conversation_id: null,
            mailbox: from,
            ledger_message_id: null,
            kind: 'reply',
            created_at: at,
          })
          .execute();
        const files = attachments.length
          ? `\n\nAttached: ${attachments.map((a) => a.fileName).join(', ')}`
          : '';
        await addHistory(trx, {
          ticketId,
          kind: 'reply',
          text: `Reply by ${actor.name} to ${to}:\n\n${text}${files}`,
          author: from,
          now: at,
        });
        for (const { id, file, attachment } of stored) {
          await trx
            .insertInto('helpdesk_documents')
            .values({
              id,
              helpdesk_id: ticketId,
              file_name: attachment.fileName,
              stored_path: file.storedPath,
              size_bytes: file.sizeBytes,
              content_type: attachment.contentType,
              kind: 'attachment',
              created_at: at,
            })
            .execute();
        }
        await trx.updateTable('helpdesks').set({ updated_at: at }).where('id', '=', ticketId).execute();
      });
      return { messageId, subject, from, to };
    },
  };
}

/** The reply service's type. */
export type TicketReply = ReturnType<typeof createTicketReply>;
