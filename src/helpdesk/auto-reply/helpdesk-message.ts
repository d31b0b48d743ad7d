import { normalizeMessageId, type MailAddress } from '../../handlers/index.js';

/** What the helper reads of a helpdesk; a `Helpdesk` from the store or from `processEmail` fits. */
export interface HelpdeskMessageSource {
  readonly number: string;
  readonly title: string;
  /** The watched mailbox the helpdesk came from (the seed's hidden field). */
  readonly subscriptionEmail: string | null;
  readonly person?: { readonly value: { readonly name: string; readonly email: string | null } | null };
}

/** The mail being answered; an `EmailItem` fits. */
export interface AnsweredMail {
  readonly subject: string;
  readonly internetMessageId: string | null;
  readonly references: readonly string[];
  readonly from: MailAddress | null;
  readonly sender?: MailAddress | null;
}

/** What sending an auto-reply needs (the seed's `get_helpdesk_message` result). */
export interface HelpdeskMessage {
  /** `$$helpdesknumber$$`, `$$helpdesktitle$$`, `$$subject$$`, `$$sendername$$`, `$$senderaddress$$` and yours. */
  mergeCodes: Record<string, string>;
  /** The subscription mailbox kept on the helpdesk, else `defaultFrom`; null when neither is known. */
  fromEmail: string | null;
  /** The mail's sender (else the helpdesk's person); null when there is no address to answer. */
  recipient: { name: string | null; email: string } | null;
  /** `<helpdesk title> [<helpdesk number>]`. */
  subject: string;
  /** `Auto-Submitted`, `X-Auto-Response-Suppress`, and `In-Reply-To`/`References` when the mail has a Message-ID. */
  headers: Record<string, string>;
}

/** Long threads would make `References` huge; the newest ids are the ones mail clients thread by. */
const maxReferences = 20;

function recipientOf(
  helpdesk: HelpdeskMessageSource,
  mail: AnsweredMail | null,
): HelpdeskMessage['recipient'] {
  const address = mail?.from ?? mail?.sender ?? null;
  if (address?.address) return { name: address.name || null, email: address.address.toLowerCase() };
  const person = helpdesk.person?.value;
  return person?.email ? { name: person.name || null, email: person.email.toLowerCase() } : null;
}

function threadingHeaders(mail: AnsweredMail | null): Record<string, string> {
  const messageId = normalizeMessageId(mail?.internetMessageId);
  if (!mail || !messageId) return {};
  const references = [...new Set([...mail.references, messageId])].slice(-maxReferences);
  return { 'In-Reply-To': messageId, References: references.join(' ') };
}

/**
 * The seed's `get_helpdesk_message(helpdesk, default_from)`: merge codes, from address, recipient, subject
 * and headers of an auto-reply, for handlers that send their own way. Pass the answered mail for the
 * recipient, `$$subject$$` and threading headers; `mergeCodes` adds or overrides codes.
 */
export function getHelpdeskMessage(
  helpdesk: HelpdeskMessageSource,
  defaultFrom: string | null,
  options: { mail?: AnsweredMail | null; mergeCodes?: Record<string, string> } = {},
): HelpdeskMessage {
  const mail = options.mail ?? null;
  const recipient = recipientOf(helpdesk, mail);
  return {
    mergeCodes: {
      $$helpdesknumber$$: helpdesk.number,
      $$helpdesktitle$$: helpdesk.title,
      $$subject$$: mail?.subject ?? helpdesk.title,
      $$sendername$$: recipient?.name ?? recipient?.email ?? '',
      $$senderaddress$$: recipient?.email ?? '',
      ...options.mergeCodes,
    },
    fromEmail: (helpdesk.subscriptionEmail ?? defaultFrom)?.toLowerCase() ?? null,
    recipient,
    subject: `${helpdesk.title} [${helpdesk.number}]`,
    headers: {
      // RFC 3834: tells well-behaved responders (and Exchange, through the X- header) not to answer us.
      'Auto-Submitted': 'auto-replied',
      'X-Auto-Response-Suppress': 'All',
      ...threadingHeaders(mail),
    },
  };
}
