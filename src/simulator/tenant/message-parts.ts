import { buildMime } from '../mime/build-mime.js';
import {
  parseRawMail,
  readHeaderBlock,
  type MessageHeader,
  type StoredAttachment,
} from '../mime/parse-raw-mail.js';
import type { Recipient } from '../types.js';
import { unpackBody, unpackHeaders, unpackMime, type MessageRecord } from './message-record.js';

/** The bulky parts of a message, loaded on demand. */
export interface MessageParts {
  body: string;
  bodyHtml: boolean;
  attachments: readonly StoredAttachment[];
}

/** Loads bodies, headers, attachments and MIME of stored messages, caching recent raw parses. */
export interface MessagePartsLoader {
  parts(record: MessageRecord): Promise<MessageParts>;
  headers(record: MessageRecord): MessageHeader[];
  mime(record: MessageRecord): Promise<Buffer>;
  /** Graph's hasAttachments (inline attachments don't count), computed once for raw mail. */
  hasAttachments(record: MessageRecord): Promise<boolean>;
}

function formatAddress(r: Recipient): string {
  const { name, address } = r.emailAddress;
  return name && name !== address ? `"${name}" <${address}>` : address;
}

/** The headers Exchange would have written for a message that arrived as JSON (Graph always lists them). */
function synthesizedHeaders(record: MessageRecord): MessageHeader[] {
  const headers: MessageHeader[] = [];
  if (record.from) headers.push({ name: 'From', value: formatAddress(record.from) });
  if (record.to.length > 0) headers.push({ name: 'To', value: record.to.map(formatAddress).join(', ') });
  if (record.cc.length > 0) headers.push({ name: 'Cc', value: record.cc.map(formatAddress).join(', ') });
  headers.push(
    { name: 'Subject', value: record.subject },
    { name: 'Date', value: new Date(record.sentMs).toUTCString().replace('GMT', '+0000') },
    { name: 'Message-ID', value: record.internetMessageId },
    { name: 'MIME-Version', value: '1.0' },
    {
      name: 'Content-Type',
      value: record.bodyHtml ? 'text/html; charset="utf-8"' : 'text/plain; charset="utf-8"',
    },
  );
  return headers;
}

/** Creates a loader with a small LRU cache of parsed raw messages. */
export function createMessagePartsLoader(options: { cacheSize?: number } = {}): MessagePartsLoader {
  const cacheSize = options.cacheSize ?? 256;
  const cache = new Map<MessageRecord, Promise<MessageParts>>();

  const parseRaw = (record: MessageRecord, mime: string): Promise<MessageParts> => {
    const hit = cache.get(record);
    if (hit) {
      cache.delete(record);
      cache.set(record, hit);
      return hit;
    }
    const parsing = parseRawMail(unpackMime(mime), record.receivedMs).then((p) => ({
      body: p.body,
      bodyHtml: p.bodyHtml,
      attachments: p.attachments,
    }));
    cache.set(record, parsing);
    if (cache.size > cacheSize) {
      const oldest = cache.keys().next().value;
      if (oldest) cache.delete(oldest);
    }
    return parsing;
  };

  const loader: MessagePartsLoader = {
    async parts(record) {
      const content = record.content;
      if (typeof content === 'string') return parseRaw(record, content);
      return {
        body: unpackBody(content.body),
        bodyHtml: record.bodyHtml,
        attachments: content.attachments ?? [],
      };
    },
    headers(record) {
      const content = record.content;
      if (typeof content === 'string') return readHeaderBlock(unpackMime(content));
      return [...synthesizedHeaders(record), ...unpackHeaders(content.headers)];
    },
    async hasAttachments(record) {
      if (record.hasAttachments === null) {
        const { attachments } = await loader.parts(record);
        record.hasAttachments = attachments.some((a) => !a.isInline);
      }
      return record.hasAttachments;
    },
    async mime(record) {
      const content = record.content;
      if (typeof content === 'string') return unpackMime(content);
      const parts = await loader.parts(record);
      return buildMime({ ...record, ...parts, headers: loader.headers(record) });
    },
  };
  return loader;
}
