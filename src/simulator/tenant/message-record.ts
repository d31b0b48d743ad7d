import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { MessageHeader, StoredAttachment } from '../mime/parse-raw-mail.js';
import type { Recipient } from '../types.js';

/** The bulky parts of a message that arrived as Graph JSON. */
export interface JsonContent {
  body: StoredBody;
  headers: string | null;
  attachments: StoredAttachment[] | null;
}

/**
 * How a message's bulky parts are kept. Raw mail keeps only its deflated MIME, as a string (body, headers and
 * attachments are parsed again on demand); JSON mail keeps its body (deflated when long), its headers as one string
 * and its attachments. This keeps 100 mailboxes × 1,000 messages small (bench/simulator-memory.ts).
 */
export type MessageContent = string | JsonContent;

/** One message in a mailbox; plain fields in a fixed order so V8 keeps one compact shape. */
export interface MessageRecord {
  readonly seq: number;
  /** Bumped on every move: the REST id encodes it, so the id changes as in Exchange. */
  version: number;
  folder: number;
  changeSeq: number;
  /** Change sequence at which the message entered its current folder (delta: created vs updated). */
  enteredSeq: number;
  createdMs: number;
  modifiedMs: number;
  receivedMs: number;
  sentMs: number;
  subject: string;
  from: Recipient | null;
  sender: Recipient | null;
  to: readonly Recipient[];
  cc: readonly Recipient[];
  bcc: readonly Recipient[];
  replyTo: readonly Recipient[];
  internetMessageId: string;
  bodyHtml: boolean;
  isRead: boolean;
  isDraft: boolean;
  /** Null until first needed for raw mail (computing it means parsing the MIME). */
  hasAttachments: boolean | null;
  isDeliveryReceiptRequested: boolean;
  isReadReceiptRequested: boolean;
  importance: 'low' | 'normal' | 'high';
  inferenceClassification: 'focused' | 'other';
  flagStatus: 'notFlagged' | 'flagged' | 'complete';
  categories: readonly string[];
  extendedProperties: Record<string, string> | null;
  size: number;
  content: MessageContent;
}

/**
 * The conversation id of a message, derived from its subject instead of stored (it would cost ~64 bytes a message).
 * Exchange threads by subject and references; the normalised subject is close enough here.
 */
export function conversationIdOf(subject: string): string {
  const normalised = subject
    .replace(/^((re|fw|fwd|aw|wg|sv|vs)\s*:\s*)+/i, '')
    .trim()
    .toLowerCase();
  return `AAQkA${createHash('sha256').update(normalised).digest().subarray(0, 30).toString('base64url')}=`;
}

/**
 * Builds the stored record field by field. An object spread here gave every record its own hidden class (V8 map and
 * descriptor array, ~900 bytes each); one literal in a fixed order shares a single shape across all messages.
 */
export function createMessageRecord(
  m: Omit<MessageRecord, 'seq' | 'version' | 'folder' | 'changeSeq' | 'enteredSeq'>,
  seq: number,
  folder: number,
  changeSeq: number,
): MessageRecord {
  return {
    seq,
    version: 1,
    folder,
    changeSeq,
    enteredSeq: changeSeq,
    createdMs: m.createdMs,
    modifiedMs: m.modifiedMs,
    receivedMs: m.receivedMs,
    sentMs: m.sentMs,
    subject: m.subject,
    from: m.from,
    sender: m.sender,
    to: m.to,
    cc: m.cc,
    bcc: m.bcc,
    replyTo: m.replyTo,
    internetMessageId: m.internetMessageId,
    bodyHtml: m.bodyHtml,
    isRead: m.isRead,
    isDraft: m.isDraft,
    hasAttachments: m.hasAttachments,
    isDeliveryReceiptRequested: m.isDeliveryReceiptRequested,
    isReadReceiptRequested: m.isReadReceiptRequested,
    importance: m.importance,
    inferenceClassification: m.inferenceClassification,
    flagStatus: m.flagStatus,
    categories: m.categories,
    extendedProperties: m.extendedProperties,
    size: m.size,
    content: m.content,
  };
}

const deflateThreshold = 512;

// A preset dictionary of what every mail repeats (header names, MIME boilerplate, dates, HTML scaffolding): small
// messages compress about 20 % better with it than with plain deflate.
const dictionary = Buffer.from(
  [
    'Received: from by with ESMTPS id ; +0000 (UTC)',
    'From: To: Cc: Subject: Re: Fw: Date: Mon, Tue, Wed, Thu, Fri, Sat, Sun,',
    'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec 2025 2026 2027',
    'Message-ID: <@> In-Reply-To: References: Thread-Index: Thread-Topic: Return-Path: X-MS-Exchange-',
    'Authentication-Results: spf=pass dkim=pass dmarc=pass',
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="',
    'Content-Type: multipart/mixed; boundary="',
    'Content-Type: multipart/related; boundary="',
    'Content-Disposition: attachment; filename="',
    'Content-Disposition: inline; filename="',
    'Content-Transfer-Encoding: quoted-printable',
    'Content-Transfer-Encoding: base64',
    'Content-Type: text/plain; charset="utf-8"',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Type: text/html; charset="utf-8"',
    'Content-Type: text/html; charset=utf-8',
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><div><p></p><br></div></body></html>',
    'Regards, Kind regards, Best regards, Thank you, Hello, Hi, Dear',
  ].join('\r\n'),
);

/**
 * Packed bytes are kept as latin1 strings: V8 stores them one byte per character on the heap, whereas every small
 * Buffer costs an ArrayBuffer with its own native allocation (measured at ~4 KB each for zlib output).
 */
// An 8 KB window and memLevel 6 need ~64 KB of zlib state instead of ~256 KB. Mail is small, so compression hardly
// changes, but the allocations stay below glibc's mmap threshold and stop fragmenting the native heap on bulk loads.
const zlibOptions = { dictionary, windowBits: 13, memLevel: 6, chunkSize: 2048 } as const;

function pack(bytes: Buffer): string {
  return deflateRawSync(bytes, zlibOptions).toString('latin1');
}

function unpack(packed: string): Buffer {
  return inflateRawSync(Buffer.from(packed, 'latin1'), { dictionary, windowBits: 13 });
}

/** A JSON message body: as given when short, else deflated. */
export type StoredBody = string | { readonly deflated: string };

/** Packs a JSON message's body, deflating it when that saves memory. */
export function packBody(body: string): StoredBody {
  return body.length < deflateThreshold ? body : { deflated: pack(Buffer.from(body, 'utf8')) };
}

/** Unpacks a body stored by `packBody`. */
export function unpackBody(body: StoredBody): string {
  return typeof body === 'string' ? body : unpack(body.deflated).toString('utf8');
}

/** Packs raw MIME. */
export function packMime(raw: Buffer): string {
  return pack(raw);
}

/** Unpacks raw MIME. */
export function unpackMime(mime: string): Buffer {
  return unpack(mime);
}

/** Serialises headers into one string (far cheaper than an object per header). */
export function packHeaders(headers: readonly MessageHeader[]): string | null {
  if (headers.length === 0) return null;
  return headers.map((h) => `${h.name}\u0000${h.value}`).join('\u0001');
}

/** Reverses `packHeaders`. */
export function unpackHeaders(packed: string | null): MessageHeader[] {
  if (!packed) return [];
  return packed.split('\u0001').map((pair) => {
    const at = pair.indexOf('\u0000');
    return { name: pair.slice(0, at), value: pair.slice(at + 1) };
  });
}

/** Shares identical recipient objects between messages (they are frozen, so sharing is safe). */
export function createRecipientInterner(): (r: Recipient | undefined | null) => Recipient | null {
  const known = new Map<string, Recipient>();
  return (r) => {
    if (!r?.emailAddress?.address) return null;
    const address = r.emailAddress.address;
    const name = r.emailAddress.name ?? address;
    const key = `${name}\u0000${address}`;
    let hit = known.get(key);
    if (!hit) {
      hit = Object.freeze({ emailAddress: Object.freeze({ name, address }) });
      if (known.size < 100_000) known.set(key, hit);
    }
    return hit;
  };
}
