import { htmlToText } from '../shared/index.js';
import { safeFileName } from './document-files.js';
import type { Helpdesk } from './helpdesk-model.js';
import { textToHtml } from './html-text.js';
import type { IncomingMail, MailBody } from './incoming-mail.js';
import { trimQuotedHtml, trimQuotedText } from './quoted-history.js';
import type { UnitOfWork } from './unit-of-work-types.js';

/** How a mail is kept in the helpdesk's history: as HTML (default), as text, or not at all. */
export type HistoryNoteFormat = 'html' | 'text' | 'none';

/**
 * The part of the body worth keeping. A reply keeps only what is new: Graph's `uniqueBody` when it came, and
 * the quoted history cut off by the markers mail clients use either way.
 */
function newPartOf(mail: Pick<IncomingMail, 'body' | 'uniqueBody'>, isReply: boolean): MailBody {
  if (!isReply) return mail.body;
  const source =
    mail.uniqueBody && (mail.uniqueBody.html ?? mail.uniqueBody.text).trim() !== ''
      ? mail.uniqueBody
      : mail.body;
  if (source.html === null) return { html: null, text: trimQuotedText(source.text) };
  const html = trimQuotedHtml(source.html);
  return { html, text: htmlToText(html) };
}

/** Adds the mail's history note in the chosen format. */
export function addEmailNote(
  uow: UnitOfWork,
  helpdesk: Helpdesk,
  mail: Pick<IncomingMail, 'body' | 'uniqueBody' | 'from' | 'sender'>,
  options: { format: HistoryNoteFormat; isReply: boolean },
): void {
  if (options.format === 'none') return;
  const body = newPartOf(mail, options.isReply);
  const authorAddress = mail.from?.address ?? mail.sender?.address ?? null;
  const html = options.format === 'html' ? (body.html ?? textToHtml(body.text)) : null;
  uow.addNote(helpdesk, { kind: 'email', html, text: body.text, authorAddress });
}

/**
 * The file name of a mail kept as `.eml`: its subject made safe for a file system (no `/`, `:`, control
 * characters …), cut to 80 characters, and `fallback` when nothing of the subject is left.
 */
function emlFileName(subject: string, fallback: string): string {
  // A subject is one name, not a path: its slashes must not cut it down to the last segment.
  const base = subject
    .replace(/\.eml$/i, '')
    .replace(/[\\/]/g, '_')
    .replace(/\s+/g, ' ')
    .trim();
  if (base.replace(/[._\s]/g, '') === '') return `${fallback}.eml`;
  return `${safeFileName(base)
    .slice(0, 80)
    .replace(/[.\s]+$/, '')}.eml`;
}

/**
 * Adds one document per attachment worth keeping: files (inline ones only when asked for), and attached mails
 * (Graph's item attachments) as `.eml` named after their subject. Reference attachments are cloud links with no
 * bytes to keep.
 */
export async function addAttachmentDocuments(
  uow: UnitOfWork,
  helpdesk: Helpdesk,
  mail: Pick<IncomingMail, 'attachments'>,
  options: { includeInline: boolean },
): Promise<number> {
  let added = 0;
  for (const attachment of mail.attachments) {
    if (attachment.kind === 'reference') continue;
    if (attachment.isInline && !options.includeInline) continue;
    // Graph names an item attachment after the attached mail's subject; its `$value` is that mail's MIME.
    const isMail = attachment.kind === 'item';
    await uow.addDocument(helpdesk, {
      fileName: isMail ? emlFileName(attachment.name, 'attached-email') : attachment.name,
      contentType: isMail ? 'message/rfc822' : attachment.contentType,
      content: () => attachment.stream(),
      kind: 'attachment',
    });
    added++;
  }
  return added;
}

/** Keeps the whole mail as an `.eml` document (the seed's `save_email_as_file`). */
export async function addEmailFile(
  uow: UnitOfWork,
  helpdesk: Helpdesk,
  mail: Pick<IncomingMail, 'subject' | 'mimeStream'>,
): Promise<void> {
  await uow.addDocument(helpdesk, {
    fileName: emlFileName(mail.subject, 'email'),
    contentType: 'message/rfc822',
    content: () => mail.mimeStream(),
    kind: 'email',
  });
}
