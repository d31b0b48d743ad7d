import type { Readable } from 'node:stream';
import type { AttachmentInfo } from '../graph/index.js';
import type { MailAddress } from '../handlers/index.js';

export type { MailAddress };

/** A mail body: the HTML when the mail has one, and always a text version. */
export interface MailBody {
  html: string | null;
  text: string;
}

/** An attachment as the helpdesk needs it; `isInline` is the judged value, not Graph's flag alone. */
export interface IncomingAttachment extends Readonly<Omit<AttachmentInfo, 'id'>> {
  stream(): Promise<Readable>;
}

/**
 * What `processEmail` reads from a mail: the narrow part of the handlers module's `EmailItem` it needs, so
 * that the helpdesk's tests can hand it plain objects.
 */
export interface IncomingMail {
  readonly subject: string;
  readonly subscriptionEmail: string;
  readonly internetMessageId: string | null;
  readonly conversationId: string | null;
  /** The Message-ID of `In-Reply-To`, as `<id@host>`. */
  readonly inReplyTo: string | null;
  /** The Message-IDs of `References`, oldest first. */
  readonly references: readonly string[];
  readonly from: MailAddress | null;
  readonly sender: MailAddress | null;
  readonly body: MailBody;
  /** Graph's `uniqueBody`: the part of the body that is new in this mail, when Graph gave it. */
  readonly uniqueBody: MailBody | null;
  readonly attachments: readonly IncomingAttachment[];
  readonly isProcessed: boolean;
  /** Ledger id of the mail in ms-inbox. */
  readonly ledgerId: string | null;
  /** Streams the whole mail as MIME (RFC 822). */
  mimeStream(): Promise<Readable>;
  /** Automatic-mail flags (an `EmailItem` has them); auto-replies are never sent to flagged mail. */
  readonly isAutoreply?: boolean;
  readonly isBounce?: boolean;
  readonly isBulk?: boolean;
}
