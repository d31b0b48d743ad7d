import type { Helpdesk } from './helpdesk-model.js';
import { helpdeskNumbersInSubject } from './helpdesk-number.js';
import type { HelpdeskStore } from './helpdesk-store.js';
import type { IncomingMail } from './incoming-mail.js';
import { normalizeMessageId } from '../handlers/index.js';
import { looksLikeReply } from './subject.js';

/** What the behaviours need from `app`: the helpdesk store (handlers' `app` has more). */
export interface HelpdeskContext {
  readonly helpdesk: HelpdeskStore;
}

/** How a mail was matched to an existing helpdesk. */
type ThreadMatch = 'message-id' | 'number' | 'conversation';

/** The mail fields threading looks at. */
type ThreadKeys = Pick<
  IncomingMail,
  'subject' | 'inReplyTo' | 'references' | 'conversationId' | 'subscriptionEmail'
>;

/** The helpdesk whose `[number]` appears in the subject (the first existing one); null when none does. */
export async function findHelpdeskBySubject(app: HelpdeskContext, subject: string): Promise<Helpdesk | null> {
  for (const number of helpdeskNumbersInSubject(subject)) {
    const helpdesk = await app.helpdesk.findHelpdeskByNumber(number);
    if (helpdesk) return helpdesk;
  }
  return null;
}

/**
 * The helpdesk a mail continues: first by `In-Reply-To`/`References` against the Message-IDs stored on
 * helpdesks (clients keep them even when the subject is rewritten), then by the `[number]` in the subject,
 * then by Graph's conversationId in the same mailbox. The conversation is asked only for mails that look like
 * replies: Exchange may put unrelated mails with the same subject ("Hello") in one conversation.
 */
export async function findHelpdeskForEmail(
  app: HelpdeskContext,
  mail: ThreadKeys,
): Promise<{ helpdesk: Helpdesk; match: ThreadMatch } | null> {
  const replyTo = [mail.inReplyTo, ...[...mail.references].reverse()]
    .map((id) => normalizeMessageId(id))
    .filter((id): id is string => id !== null);
  const byMessageId = await app.helpdesk.findHelpdeskByMessageIds([...new Set(replyTo)]);
  if (byMessageId) return { helpdesk: byMessageId, match: 'message-id' };
  const byNumber = await findHelpdeskBySubject(app, mail.subject);
  if (byNumber) return { helpdesk: byNumber, match: 'number' };
  const isReply = replyTo.length > 0 || looksLikeReply(mail.subject);
  if (!mail.conversationId || !isReply) return null;
  const byConversation = await app.helpdesk.findHelpdeskByConversation(
    mail.subscriptionEmail,
    mail.conversationId,
  );
  return byConversation ? { helpdesk: byConversation, match: 'conversation' } : null;
}

/**
 * True when the mail was already handled: the ledger says so (`isProcessed`), or its Message-ID is already
 * on a helpdesk of this mailbox (the seed's `have_email_been_processed`).
 */
export async function haveEmailBeenProcessed(
  app: HelpdeskContext,
  mail: Pick<IncomingMail, 'isProcessed' | 'internetMessageId' | 'subscriptionEmail'>,
): Promise<boolean> {
  if (mail.isProcessed) return true;
  const messageId = normalizeMessageId(mail.internetMessageId);
  return messageId ? app.helpdesk.hasMessageId(messageId, mail.subscriptionEmail) : false;
}
