import MailComposer from 'nodemailer/lib/mail-composer';
import type { Recipient } from '../types.js';
import type { MessageHeader, StoredAttachment } from './parse-raw-mail.js';

/** The message fields that go into generated MIME. */
export interface MimeSource {
  subject: string;
  from: Recipient | null;
  sender: Recipient | null;
  to: readonly Recipient[];
  cc: readonly Recipient[];
  bcc: readonly Recipient[];
  replyTo: readonly Recipient[];
  sentMs: number;
  internetMessageId: string;
  importance: 'low' | 'normal' | 'high';
  body: string;
  bodyHtml: boolean;
  headers: readonly MessageHeader[];
  attachments: readonly StoredAttachment[];
}

// Headers MailComposer writes itself; copying them from internetMessageHeaders would duplicate them.
const composerHeaders = new Set([
  'from',
  'sender',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'subject',
  'date',
  'message-id',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'importance',
  'x-priority',
]);

const address = (r: Recipient) => ({ name: r.emailAddress.name ?? '', address: r.emailAddress.address });

/** Builds RFC 822 MIME for a message that arrived as Graph JSON (what `GET …/$value` returns for it). */
export async function buildMime(source: MimeSource): Promise<Buffer> {
  const headers: Array<{ key: string; value: string }> = source.headers
    .filter((h) => !composerHeaders.has(h.name.toLowerCase()))
    .map((h) => ({ key: h.name, value: h.value }));
  const composer = new MailComposer({
    from: source.from ? address(source.from) : undefined,
    sender: source.sender && source.sender !== source.from ? address(source.sender) : undefined,
    to: source.to.map(address),
    cc: source.cc.map(address),
    bcc: source.bcc.map(address),
    replyTo: source.replyTo.map(address),
    subject: source.subject,
    date: new Date(source.sentMs),
    messageId: source.internetMessageId,
    priority: source.importance,
    headers,
    ...(source.bodyHtml ? { html: source.body } : { text: source.body }),
    attachments: source.attachments
      .filter((a) => a.kind !== 'reference' && a.bytes)
      .map((a) => ({
        filename: a.name,
        content: a.bytes ?? Buffer.alloc(0),
        contentType: a.kind === 'item' ? 'message/rfc822' : (a.contentType ?? 'application/octet-stream'),
        ...(a.contentId ? { cid: a.contentId } : {}),
        contentDisposition: a.isInline ? ('inline' as const) : ('attachment' as const),
      })),
  });
  return composer.compile().build();
}
