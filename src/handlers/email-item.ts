import type { Readable } from 'node:stream';
import type { AttachmentInfo } from '../graph/index.js';
import type { EmailAttachmentData, EmailData } from './contract.js';
import {
  type MailAddress,
  readAddress,
  readAddresses,
  readBody,
  readHeaders,
  readString,
  type EmailBody,
  type MailHeader,
} from './graph-message.js';
import { isShownInline } from './inline-attachments.js';
import { detectSignals, type DetectedSignals } from './mail-signals.js';
import { normalizeMessageId, parseMessageIds } from './message-ids.js';

/** An attachment of an `EmailItem`: `AttachmentInfo`, with `isInline` judged from the body. */
interface EmailItemAttachment extends Readonly<AttachmentInfo> {
  /** Judged from the body: referenced as `cid:` in the HTML (see `reportedInline` for Graph's flag). */
  readonly isInline: boolean;
  /** Graph's `isInline`, which is not always the truth. */
  readonly reportedInline: boolean;
  /** Streams the content. */
  stream(): Promise<Readable>;
  /** The whole content in memory; prefer `stream()` for large files. */
  bytes(): Promise<Buffer>;
}

/**
 * The seed's `EmailItem`: the mail a handler receives, with every property in idiomatic names. Wraps
 * `EmailData` (the Graph message JSON plus what ms-inbox adds); nothing is fetched until asked for.
 */
export class EmailItem {
  readonly #data: EmailData;
  #attachments: EmailItemAttachment[] | undefined;
  #headers: MailHeader[] | undefined;
  #signals: DetectedSignals | undefined;

  constructor(emailData: EmailData) {
    this.#data = emailData;
  }

  /** The Graph message JSON as fetched. */
  get message(): Readonly<Record<string, unknown>> {
    return this.#data.message;
  }
  get subject(): string {
    return readString(this.message, 'subject') ?? '';
  }
  get bodyPreview(): string {
    return readString(this.message, 'bodyPreview') ?? '';
  }
  get body(): EmailBody {
    return readBody(this.message.body) ?? { contentType: 'text', html: null, text: '' };
  }
  /** Graph's `uniqueBody`: what is new in this mail compared with the conversation; null when not fetched. */
  get uniqueBody(): EmailBody | null {
    return readBody(this.message.uniqueBody);
  }
  /** The watched mailbox the mail arrived in, lower-cased (so it can key a lookup table). */
  get subscriptionEmail(): string {
    return this.#data.subscriptionEmail.toLowerCase();
  }
  get from(): MailAddress | null {
    return readAddress(this.message.from);
  }
  get sender(): MailAddress | null {
    return readAddress(this.message.sender);
  }
  get to(): MailAddress[] {
    return readAddresses(this.message.toRecipients);
  }
  get cc(): MailAddress[] {
    return readAddresses(this.message.ccRecipients);
  }
  get bcc(): MailAddress[] {
    return readAddresses(this.message.bccRecipients);
  }
  get replyTo(): MailAddress[] {
    return readAddresses(this.message.replyTo);
  }
  get receivedDateTime(): string | null {
    return readString(this.message, 'receivedDateTime');
  }
  get sentDateTime(): string | null {
    return readString(this.message, 'sentDateTime');
  }
  get internetMessageId(): string | null {
    return readString(this.message, 'internetMessageId');
  }
  get conversationId(): string | null {
    return readString(this.message, 'conversationId');
  }
  /** Every internet message header, in order. */
  get headers(): readonly MailHeader[] {
    this.#headers ??= readHeaders(this.message.internetMessageHeaders);
    return this.#headers;
  }
  /** The first value of a header, case-insensitive; null when absent. */
  header(name: string): string | null {
    return this.headerValues(name)[0] ?? null;
  }
  /** Every value of a header (some, like `Received`, repeat), case-insensitive. */
  headerValues(name: string): string[] {
    const wanted = name.toLowerCase();
    return this.headers.filter((h) => h.name.toLowerCase() === wanted).map((h) => h.value);
  }
  get inReplyTo(): string | null {
    return normalizeMessageId(parseMessageIds(this.header('in-reply-to'))[0] ?? null);
  }
  get references(): string[] {
    return parseMessageIds(this.headerValues('references').join(' '));
  }
  get attachments(): readonly EmailItemAttachment[] {
    this.#attachments ??= this.#data.attachments.map((a) => toItemAttachment(a, this.body.html));
    return this.#attachments;
  }
  /** An out-of-office or other automatic answer; bounces count too (a bounce is an automatic reply). */
  get isAutoreply(): boolean {
    return this.signals.autoreply.length > 0 || this.isBounce;
  }
  /** A delivery failure report. */
  get isBounce(): boolean {
    return this.signals.bounce.length > 0;
  }
  /** Mailing-list or bulk mail (newsletters). */
  get isBulk(): boolean {
    return this.signals.bulk.length > 0;
  }
  /** The names of the signals behind `isAutoreply`, `isBounce` and `isBulk`. */
  get signals(): DetectedSignals {
    this.#signals ??= detectSignals({
      subject: this.subject,
      fromAddress: this.from?.address ?? null,
      senderAddress: this.sender?.address ?? null,
      subscriptionEmail: this.subscriptionEmail,
      header: (name) => this.header(name),
      headerNames: this.headers.map((h) => h.name.toLowerCase()),
    });
    return this.#signals;
  }
  /** True when a mail with the same internetMessageId was already processed for this mailbox. */
  get isProcessed(): boolean {
    return this.#data.isProcessed;
  }
  get ledgerId(): string {
    return this.#data.ledgerId;
  }
  get attempt(): number {
    return this.#data.attempt;
  }
  /** The whole mail as MIME (RFC 822), fetched on demand. */
  async mime(): Promise<Buffer> {
    return collect(await this.#data.openMime());
  }
  /** The whole mail as a MIME stream, fetched on demand. */
  mimeStream(): Promise<Readable> {
    return this.#data.openMime();
  }
  /** A message property by name (case-insensitive), such as those `custom_select` asks for. */
  field(name: string): unknown {
    if (name in this.message) return this.message[name];
    const key = Object.keys(this.message).find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined ? undefined : this.message[key];
  }
}

function toItemAttachment(data: EmailAttachmentData, html: string | null): EmailItemAttachment {
  return {
    id: data.id,
    name: data.name,
    contentType: data.contentType,
    size: data.size,
    isInline: isShownInline(data, html),
    reportedInline: data.isInline,
    contentId: data.contentId,
    kind: data.kind,
    stream: () => data.open(),
    bytes: async () => collect(await data.open()),
  };
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}
