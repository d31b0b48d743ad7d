import type { AutoReplySettings } from './auto-reply-settings.js';
import type { AnsweredMailSnapshot } from './auto-reply-request.js';
import { getHelpdeskMessage, type HelpdeskMessage, type HelpdeskMessageSource } from './helpdesk-message.js';
import { escapeHtml, indexMergeCodes, replaceMergeCodes } from './merge-codes.js';

/** An auto-reply with its templates filled in. */
export interface ComposedReply {
  meta: HelpdeskMessage;
  subject: string;
  text: string;
  html: string | null;
}

/** Fills the resource's templates for a helpdesk and the mail it answers. */
export function composeReply(
  settings: AutoReplySettings,
  helpdesk: HelpdeskMessageSource,
  mail: AnsweredMailSnapshot,
  mergeCodes: Record<string, string>,
): ComposedReply {
  const meta = getHelpdeskMessage(helpdesk, settings.defaultFrom, { mail, mergeCodes });
  const codes = indexMergeCodes(meta.mergeCodes);
  return {
    meta,
    // A customer's subject may carry line breaks; a header value must not.
    subject: replaceMergeCodes(settings.subject, codes).replace(/\s+/g, ' ').trim(),
    text: replaceMergeCodes(settings.textBody, codes),
    html: settings.htmlBody === null ? null : replaceMergeCodes(settings.htmlBody, codes, { html: true }),
  };
}

/** The history note of a sent reply: who it went to, then the reply as sent. */
export function sentNote(reply: ComposedReply, to: string): { text: string; html: string | null } {
  const head = `Auto-reply sent to ${to}: ${reply.subject}`;
  return {
    text: `${head}\n\n${reply.text}`,
    html: reply.html === null ? null : `<p>${escapeHtml(head)}</p>\n${reply.html}`,
  };
}
