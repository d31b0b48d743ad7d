import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';

/** A composed auto-reply, ready to become MIME. */
export interface AutoReplyContent {
  from: { name: string | null; address: string };
  to: { name: string | null; address: string };
  subject: string;
  text: string;
  html: string | null;
  /** `<id@host>`. */
  messageId: string;
  /** Every other header: `Auto-Submitted`, `X-Auto-Response-Suppress`, `In-Reply-To`, `References`. */
  headers: Record<string, string>;
  date: Date;
  /** Files to attach (an agent's reply from the ticket; auto-replies carry none). */
  attachments?: ReadonlyArray<{ fileName: string; contentType: string; content: Buffer }>;
}

// MailComposer writes these from its own options; passing them as headers too would duplicate them.
const threading = new Set(['in-reply-to', 'references', 'message-id']);

/** A fresh Message-ID on the from address's domain, as mail clients make them. */
export function newMessageId(fromAddress: string): string {
  const domain = fromAddress.split('@')[1]?.toLowerCase() || 'ms-inbox.invalid';
  return `<${randomUUID()}@${domain}>`;
}

/**
 * Builds the reply as RFC 822 MIME with CRLF line endings: Graph's MIME `sendMail` keeps every header as
 * written (its JSON form cannot carry `Auto-Submitted`, DESIGN §9) and SMTP requires CRLF.
 */
export async function buildAutoReplyMime(content: AutoReplyContent): Promise<string> {
  const address = (a: { name: string | null; address: string }) => ({
    name: a.name ?? '',
    address: a.address,
  });
  const find = (name: string) => Object.entries(content.headers).find(([k]) => k.toLowerCase() === name)?.[1];
  const composer = new MailComposer({
    from: address(content.from),
    to: address(content.to),
    subject: content.subject,
    date: content.date,
    messageId: content.messageId,
    ...(find('in-reply-to') ? { inReplyTo: find('in-reply-to') } : {}),
    ...(find('references') ? { references: find('references') } : {}),
    headers: Object.entries(content.headers)
      .filter(([key]) => !threading.has(key.toLowerCase()))
      .map(([key, value]) => ({ key, value })),
    text: content.text,
    ...(content.html === null ? {} : { html: content.html }),
    ...(content.attachments?.length
      ? {
          attachments: content.attachments.map((a) => ({
            filename: a.fileName,
            contentType: a.contentType,
            content: a.content,
          })),
        }
      : {}),
  });
  const mime = (await composer.compile().build()).toString('utf8');
  return mime.replace(/\r?\n/g, '\r\n');
}
