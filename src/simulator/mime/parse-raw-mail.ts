import { simpleParser, type AddressObject, type Attachment } from 'mailparser';
import type { Recipient } from '../types.js';

/** An attachment as the simulator keeps it (file, item or reference). */
export interface StoredAttachment {
  kind: 'file' | 'item' | 'reference';
  name: string;
  contentType: string | null;
  size: number;
  isInline: boolean;
  contentId: string | null;
  /** File bytes, or the attached message's MIME for item attachments. */
  bytes: Buffer | null;
  /** Reference attachments: the cloud file's URL. */
  sourceUrl: string | null;
  lastModifiedMs: number;
}

/** One internet message header, as Graph lists them in `internetMessageHeaders`. */
export interface MessageHeader {
  name: string;
  value: string;
}

/** What the simulator needs from a raw RFC 822 message. */
export interface ParsedRawMail {
  subject: string;
  from: Recipient | null;
  sender: Recipient | null;
  to: Recipient[];
  cc: Recipient[];
  bcc: Recipient[];
  replyTo: Recipient[];
  sentMs: number | null;
  internetMessageId: string | null;
  importance: 'low' | 'normal' | 'high';
  headers: MessageHeader[];
  body: string;
  bodyHtml: boolean;
  attachments: StoredAttachment[];
  hasAttachments: boolean;
  isDeliveryReceiptRequested: boolean;
  isReadReceiptRequested: boolean;
}

/**
 * A flat copy of a string. mailparser hands out slices of its decoded header lines; storing a slice keeps the whole
 * parent line alive (measured at ~250 bytes a message), so stored header values are copied.
 */
function own(value: string): string {
  return Buffer.from(value, 'utf8').toString('utf8');
}

function recipients(value: AddressObject | AddressObject[] | undefined): Recipient[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const out: Recipient[] = [];
  const walk = (entries: AddressObject['value']): void => {
    for (const entry of entries) {
      if (entry.group) walk(entry.group);
      else if (entry.address)
        out.push({ emailAddress: { name: entry.name || entry.address, address: entry.address } });
    }
  };
  for (const obj of list) walk(obj.value);
  return out;
}

/** Splits a raw header line ("Name: value", possibly folded) into a header; the value stays as sent. */
export function unfoldHeaderLine(line: string): MessageHeader {
  const unfolded = line.replace(/\r?\n[ \t]+/g, ' ');
  const colon = unfolded.indexOf(':');
  if (colon === -1) return { name: unfolded.trim(), value: '' };
  return { name: unfolded.slice(0, colon).trim(), value: unfolded.slice(colon + 1).trim() };
}

/** Reads only the header block of a raw message (cheap: no body parsing). */
export function readHeaderBlock(raw: Buffer): MessageHeader[] {
  let end = raw.indexOf('\r\n\r\n');
  if (end === -1) end = raw.indexOf('\n\n');
  const block = raw.subarray(0, end === -1 ? raw.length : end).toString('latin1');
  return block
    .split(/\r?\n(?![ \t])/)
    .filter((line) => line.trim() !== '')
    .map(unfoldHeaderLine);
}

async function toStoredAttachment(att: Attachment, nowMs: number): Promise<StoredAttachment> {
  const isItem = att.contentType.toLowerCase() === 'message/rfc822';
  const isInline = !isItem && (att.related || att.contentDisposition === 'inline');
  // Graph names an item attachment after the attached item's subject, not the MIME part's file name.
  const itemSubject = isItem ? (await parseRawHeaders(att.content)).subject.trim() : '';
  return {
    kind: isItem ? 'item' : 'file',
    name: itemSubject || (att.filename ?? (isItem ? 'Attached message' : 'attachment')),
    contentType: isItem ? null : att.contentType,
    size: att.size,
    isInline,
    contentId: att.cid ?? null,
    bytes: att.content,
    sourceUrl: null,
    lastModifiedMs: nowMs,
  };
}

function importanceOf(priority: string | undefined): 'low' | 'normal' | 'high' {
  return priority === 'high' || priority === 'low' ? priority : 'normal';
}

/** The header-derived fields of a raw message. */
export type ParsedRawHeaders = Omit<
  ParsedRawMail,
  'headers' | 'body' | 'bodyHtml' | 'attachments' | 'hasAttachments'
>;

const parserOptions = {
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipImageLinks: true,
  skipTextLinks: true,
  keepCidLinks: true,
  // Exchange shows a DSN's delivery-status part as an attachment rather than as body text.
  keepDeliveryStatus: true,
} as const;

function headerFields(mail: Awaited<ReturnType<typeof simpleParser>>): ParsedRawHeaders {
  const from = recipients(mail.from)[0] ?? null;
  const senderHeader = mail.headers.get('sender') as AddressObject | undefined;
  return {
    subject: own(mail.subject ?? ''),
    from,
    sender: recipients(senderHeader)[0] ?? from,
    to: recipients(mail.to),
    cc: recipients(mail.cc),
    bcc: recipients(mail.bcc),
    replyTo: recipients(mail.replyTo),
    sentMs: mail.date ? mail.date.getTime() : null,
    internetMessageId: mail.messageId === undefined ? null : own(mail.messageId),
    importance: importanceOf(mail.headers.get('priority') as string | undefined),
    isDeliveryReceiptRequested: mail.headers.has('return-receipt-to'),
    isReadReceiptRequested: mail.headers.has('disposition-notification-to'),
  };
}

/**
 * Decodes only the header block (encoded words, charsets, address lists) — what delivery needs. Parsing the whole
 * message there made bulk loads slow and left enough garbage behind to double the resident memory.
 */
export async function parseRawHeaders(raw: Buffer): Promise<ParsedRawHeaders> {
  let end = raw.indexOf('\r\n\r\n');
  if (end === -1) end = raw.indexOf('\n\n');
  const block = end === -1 ? raw : raw.subarray(0, end);
  return headerFields(await simpleParser(Buffer.concat([block, Buffer.from('\r\n\r\n')]), parserOptions));
}

/**
 * Parses a raw RFC 822 message with mailparser: every header line goes to `headers`, the HTML part (else the
 * text part) becomes the body, attachments keep their inline/CID flags, and mailparser decodes every charset.
 */
export async function parseRawMail(raw: Buffer, nowMs: number): Promise<ParsedRawMail> {
  const mail = await simpleParser(raw, parserOptions);
  const attachments = await Promise.all(mail.attachments.map((a) => toStoredAttachment(a, nowMs)));
  const html = typeof mail.html === 'string' ? mail.html : undefined;
  return {
    ...headerFields(mail),
    headers: mail.headerLines.map((h) => unfoldHeaderLine(h.line)),
    body: html ?? mail.text ?? '',
    bodyHtml: html !== undefined,
    attachments,
    // Graph's hasAttachments ignores inline attachments (message resource docs).
    hasAttachments: attachments.some((a) => !a.isInline),
  };
}
