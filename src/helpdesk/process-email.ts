import type { Logger } from '../shared/index.js';
import {
  addAttachmentDocuments,
  addEmailFile,
  addEmailNote,
  type HistoryNoteFormat,
} from './email-history.js';
import type { Helpdesk } from './helpdesk-model.js';
import type { IncomingMail } from './incoming-mail.js';
import { assertSenderIdBehaviour, identifySender, type SenderIdBehaviour } from './sender-identification.js';
import { helpdeskTitle } from './subject.js';
import { findHelpdeskForEmail, type HelpdeskContext } from './threading.js';
import type { UnitOfWork } from './unit-of-work-types.js';

/** The seed's `process_email` keyword arguments, in TypeScript names. */
export interface ProcessEmailOptions {
  /** Always create a new helpdesk, even when the mail continues one (default false). */
  forceNew?: boolean;
  /** How far to go identifying the sender (default `PersonEmailDomain`). */
  senderIdBehaviour?: SenderIdBehaviour;
  /** Keep inline attachments (images in the body) as documents too (default false). */
  includeInlineAttachments?: boolean;
  /** The history note: `html` (default), `text` or `none`. */
  historyNote?: HistoryNoteFormat;
  /** Keep the whole mail as an `.eml` document (default false). */
  saveEmailAsFile?: boolean;
  /** Ask for the resource's auto-reply, sent when its settings say so (default true). */
  autoReply?: boolean;
}

/** `app` for the behaviours: the helpdesk store, and a logger when there is one. */
interface ProcessEmailContext extends HelpdeskContext {
  readonly log?: Logger;
  /** The watched mailbox the mail came to; its auto-reply settings decide whether the customer is answered. */
  readonly resource?: { readonly id: string };
}

/**
 * Fills the unit of work with what a mail means for the helpdesk and returns the (unsaved) helpdesk: the
 * helpdesk the mail continues, or a new one (always with `forceNew`); for a new one the sender's person and
 * company; a document per attachment; a history note; optionally the mail as `.eml`; the Message-ID for
 * threading; the request for the resource's auto-reply. Nothing is written until the committed unit of work is
 * applied.
 */
export async function processEmail(
  app: ProcessEmailContext,
  mail: IncomingMail,
  uow: UnitOfWork,
  options: ProcessEmailOptions = {},
): Promise<Helpdesk> {
  const behaviour = options.senderIdBehaviour ?? 'PersonEmailDomain';
  assertSenderIdBehaviour(behaviour);
  const found = options.forceNew ? null : await findHelpdeskForEmail(app, mail);
  const helpdesk = found
    ? uow.add(found.helpdesk)
    : await uow.createHelpdesk({
        title: helpdeskTitle(mail.subject),
        subscriptionEmail: mail.subscriptionEmail,
        sourceMessageId: mail.ledgerId,
      });
  app.log?.debug(
    { helpdeskId: helpdesk.id, number: helpdesk.number, match: found?.match ?? 'new' },
    'mail assigned to helpdesk',
  );

  if (helpdesk.isNew) await linkSender(app, uow, helpdesk, mail, behaviour);
  else if (!helpdesk.subscriptionEmail) helpdesk.subscriptionEmail = mail.subscriptionEmail.toLowerCase();

  await addAttachmentDocuments(uow, helpdesk, mail, {
    includeInline: options.includeInlineAttachments ?? false,
  });
  addEmailNote(uow, helpdesk, mail, { format: options.historyNote ?? 'html', isReply: !helpdesk.isNew });
  if (options.saveEmailAsFile) await addEmailFile(uow, helpdesk, mail);
  if (mail.internetMessageId) {
    uow.linkMessage(helpdesk, {
      internetMessageId: mail.internetMessageId,
      conversationId: mail.conversationId,
      mailbox: mail.subscriptionEmail,
      ledgerMessageId: mail.ledgerId,
      kind: 'mail',
    });
  }
  if (app.resource && options.autoReply !== false) {
    uow.requestAutoReply(helpdesk, { resourceId: app.resource.id, mail });
  }
  return helpdesk;
}

async function linkSender(
  app: ProcessEmailContext,
  uow: UnitOfWork,
  helpdesk: Helpdesk,
  mail: IncomingMail,
  behaviour: SenderIdBehaviour,
): Promise<void> {
  const address = mail.from?.address ?? mail.sender?.address ?? null;
  const identity = await identifySender(app.helpdesk, address, behaviour);
  if (identity.person) helpdesk.person.attach(identity.person);
  if (identity.company) helpdesk.company.attach(identity.company);
  if (identity.ambiguities.length > 0) {
    // Lime silently took the first match; the ticket says what was chosen so that someone can correct it.
    const text = identity.ambiguities.join('\n');
    uow.addNote(helpdesk, { kind: 'notice', text, html: null, authorAddress: null });
  }
}
