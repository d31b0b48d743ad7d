import { parseRawHeaders, type StoredAttachment } from '../mime/parse-raw-mail.js';
import type { SeededRandom } from '../random.js';
import type { SimClock } from '../sim-clock.js';
import type { AttachmentInput, MessageInput, Recipient } from '../types.js';
import type { NewMessage } from './mailbox.js';
import { buildMime } from '../mime/build-mime.js';
import { createRecipientInterner, packBody, packHeaders, packMime, unpackBody } from './message-record.js';

/** Turns Graph JSON or raw RFC 822 into records ready for a mailbox. */
export interface MessageFactory {
  fromJson(input: MessageInput, overrides?: Partial<NewMessage>): Promise<NewMessage>;
  fromRaw(raw: Buffer, overrides?: Partial<NewMessage>): Promise<NewMessage>;
}

/** Thrown when an input message cannot be stored (the caller maps it to a 400). */
export class InvalidMessageError extends Error {}

const noRecipients: readonly Recipient[] = Object.freeze([]);
const noCategories: readonly string[] = Object.freeze([]);

function parseTime(value: string | undefined, fallback: number): number {
  if (!value) return fallback;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new InvalidMessageError(`'${value}' is not a date`);
  return ms;
}

/** Creates a message factory for one simulator. */
export function createMessageFactory(deps: { clock: SimClock; random: SeededRandom }): MessageFactory {
  const intern = createRecipientInterner();
  const internAll = (list: Recipient[] | undefined): readonly Recipient[] => {
    if (!list || list.length === 0) return noRecipients;
    // map() allocates exactly; a filter() result would grow by push and keep ~17 slots per message.
    const mapped = list.map(intern);
    return mapped.every((r) => r !== null)
      ? (mapped as Recipient[])
      : mapped.filter((r): r is Recipient => r !== null);
  };
  const newMessageId = (from: Recipient | null): string => {
    const domain = from?.emailAddress.address.split('@')[1] ?? 'simulator.local';
    return `<${deps.random.hex(24).toUpperCase()}@${domain}>`;
  };

  const attachmentsFromJson = async (inputs: AttachmentInput[], now: number): Promise<StoredAttachment[]> => {
    const out: StoredAttachment[] = [];
    for (const input of inputs) {
      const type = (input['@odata.type'] ?? '#microsoft.graph.fileAttachment').toLowerCase();
      if (type.endsWith('referenceattachment')) {
        out.push({
          kind: 'reference',
          name: input.name ?? 'link',
          contentType: input.contentType ?? null,
          size: 0,
          isInline: false,
          contentId: null,
          bytes: null,
          sourceUrl: input.sourceUrl ?? null,
          lastModifiedMs: now,
        });
      } else if (type.endsWith('itemattachment')) {
        const item = await factory.fromJson(input.item ?? {});
        const content = typeof item.content === 'string' ? undefined : item.content;
        const mime = await buildMime({
          ...item,
          body: content ? unpackBody(content.body) : '',
          headers: [],
          attachments: content?.attachments ?? [],
        });
        out.push({
          kind: 'item',
          name: input.name ?? item.subject,
          contentType: null,
          size: mime.length,
          isInline: false,
          contentId: null,
          bytes: mime,
          sourceUrl: null,
          lastModifiedMs: now,
        });
      } else {
        const bytes = Buffer.from(input.contentBytes ?? '', 'base64');
        out.push({
          kind: 'file',
          name: input.name ?? 'attachment',
          contentType: input.contentType ?? 'application/octet-stream',
          size: bytes.length,
          isInline: input.isInline ?? false,
          contentId: input.contentId ?? null,
          bytes,
          sourceUrl: null,
          lastModifiedMs: now,
        });
      }
    }
    return out;
  };

  const factory: MessageFactory = {
    async fromJson(input, overrides = {}) {
      const now = deps.clock.nowMs();
      const from = intern(input.from);
      const bodyHtml = (input.body?.contentType ?? 'html').toLowerCase() === 'html';
      const body = input.body?.content ?? '';
      const attachments = input.attachments?.length
        ? await attachmentsFromJson(input.attachments, now)
        : null;
      const headers = packHeaders(input.internetMessageHeaders ?? []);
      return {
        createdMs: now,
        modifiedMs: now,
        receivedMs: parseTime(input.receivedDateTime, now),
        sentMs: parseTime(input.sentDateTime ?? input.receivedDateTime, now),
        subject: input.subject ?? '',
        from,
        sender: intern(input.sender) ?? from,
        to: internAll(input.toRecipients),
        cc: internAll(input.ccRecipients),
        bcc: internAll(input.bccRecipients),
        replyTo: internAll(input.replyTo),
        internetMessageId: input.internetMessageId ?? newMessageId(from),
        bodyHtml,
        isRead: input.isRead ?? false,
        isDraft: input.isDraft ?? false,
        hasAttachments: attachments?.some((a) => !a.isInline) ?? false,
        isDeliveryReceiptRequested: false,
        isReadReceiptRequested: false,
        importance: input.importance ?? 'normal',
        inferenceClassification: 'focused',
        flagStatus:
          input.flag?.flagStatus === 'flagged' || input.flag?.flagStatus === 'complete'
            ? input.flag.flagStatus
            : 'notFlagged',
        categories: input.categories?.length ? [...input.categories] : noCategories,
        extendedProperties: null,
        size: body.length + (attachments?.reduce((s, a) => s + a.size, 0) ?? 0) + 1024,
        content: { body: packBody(body), headers, attachments },
        ...overrides,
      };
    },
    async fromRaw(raw, overrides = {}) {
      const now = deps.clock.nowMs();
      const parsed = await parseRawHeaders(raw);
      const from = intern(parsed.from);
      return {
        createdMs: now,
        modifiedMs: now,
        receivedMs: now,
        sentMs: parsed.sentMs ?? now,
        subject: parsed.subject,
        from,
        sender: intern(parsed.sender) ?? from,
        to: internAll(parsed.to),
        cc: internAll(parsed.cc),
        bcc: internAll(parsed.bcc),
        replyTo: internAll(parsed.replyTo),
        internetMessageId: parsed.internetMessageId ?? newMessageId(from),
        // Body type and attachments of raw mail are read from the MIME when first needed.
        bodyHtml: false,
        isRead: false,
        isDraft: false,
        hasAttachments: null,
        isDeliveryReceiptRequested: parsed.isDeliveryReceiptRequested,
        isReadReceiptRequested: parsed.isReadReceiptRequested,
        importance: parsed.importance,
        inferenceClassification: 'focused',
        flagStatus: 'notFlagged',
        categories: noCategories,
        extendedProperties: null,
        size: raw.length,
        content: packMime(raw),
        ...overrides,
      };
    },
  };
  return factory;
}
