import { htmlToText } from '../shared/index.js';
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
export function newPartOf(mail: Pick<IncomingMail, 'body' | 'uniqueBody'>, isReply: boolean): MailBody {
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

/** Adds one document per attachment worth keeping: files, and inline ones only when asked for. */
export async function addAttachmentDocuments(
  uow: UnitOfWork,
  helpdesk: Helpdesk,
  mail: Pick<IncomingMail, 'attachments'>,
  options: { includeInline: boolean },
): Promise<number> {
  let added = 0;
  for (const attachment of mail.attachments) {
    // Item and reference attachments have no bytes of their own to keep (an attached mail, a cloud link).
    if (attachment.kind !== 'file') continue;
    if (attachment.isInline && !options.includeInline) continue;
    await uow.addDocument(helpdesk, {
      fileName: attachment.name,
      contentType: attachment.contentType,
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
  const base = mail.subject.trim() === '' ? 'email' : mail.subject.trim().slice(0, 80);
  await uow.addDocument(helpdesk, {
    fileName: `${base}.eml`,
    contentType: 'message/rfc822',
    content: () => mail.mimeStream(),
    kind: 'email',
  });
}
