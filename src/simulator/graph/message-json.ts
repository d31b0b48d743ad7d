import { htmlToText } from '../../shared/index.js';
import { bodyPreview, textToHtml } from '../mime/outlook-body.js';
import type { Mailbox } from '../tenant/mailbox.js';
import { encodeChangeKey } from '../tenant/ids.js';
import { conversationIdOf, type MessageRecord } from '../tenant/message-record.js';
import type { MessagePartsLoader } from '../tenant/message-parts.js';
import { renderAttachment } from './attachment-json.js';
import { GraphFailure } from './errors.js';
import { graphDate } from './graph-date.js';

/** How to render a message. */
export interface RenderOptions {
  select: string[] | null;
  expand: string[];
  immutable: boolean;
  bodyType: 'html' | 'text' | undefined;
  /** Mail.ReadBasic only: body, preview and attachments are withheld. */
  basicOnly: boolean;
}

interface Env {
  mailbox: Mailbox;
  record: MessageRecord;
  options: RenderOptions;
  parts: MessagePartsLoader;
}

type Property = (env: Env) => unknown;

const body: Property = async ({ record, parts, options }) => {
  const p = await parts.parts(record);
  const wantHtml = options.bodyType ? options.bodyType === 'html' : p.bodyHtml;
  if (wantHtml === p.bodyHtml) return { contentType: p.bodyHtml ? 'html' : 'text', content: p.body };
  return wantHtml
    ? { contentType: 'html', content: textToHtml(p.body) }
    : { contentType: 'text', content: htmlToText(p.body) };
};

// Default properties in the order Graph returns them (message-get.md response sample).
const defaultProperties: Array<[string, Property]> = [
  ['id', ({ mailbox, record, options }) => mailbox.messageId(record, options.immutable)],
  ['createdDateTime', ({ record }) => graphDate(record.createdMs)],
  ['lastModifiedDateTime', ({ record }) => graphDate(record.modifiedMs)],
  ['changeKey', ({ record }) => encodeChangeKey(record.seq, record.changeSeq)],
  ['categories', ({ record }) => record.categories],
  ['receivedDateTime', ({ record }) => graphDate(record.receivedMs)],
  ['sentDateTime', ({ record }) => graphDate(record.sentMs)],
  ['hasAttachments', ({ record, parts }) => parts.hasAttachments(record)],
  ['internetMessageId', ({ record }) => record.internetMessageId],
  ['subject', ({ record }) => record.subject],
  [
    'bodyPreview',
    async ({ record, parts }) => {
      const p = await parts.parts(record);
      return bodyPreview(p.body, p.bodyHtml);
    },
  ],
  ['importance', ({ record }) => record.importance],
  ['parentFolderId', ({ mailbox, record }) => mailbox.folderByIndex(record.folder).id],
  ['conversationId', ({ record }) => conversationIdOf(record.subject)],
  [
    'conversationIndex',
    ({ record }) =>
      Buffer.from(`${conversationIdOf(record.subject)}${record.seq}`)
        .toString('base64')
        .slice(0, 30),
  ],
  ['isDeliveryReceiptRequested', ({ record }) => record.isDeliveryReceiptRequested],
  ['isReadReceiptRequested', ({ record }) => record.isReadReceiptRequested],
  ['isRead', ({ record }) => record.isRead],
  ['isDraft', ({ record }) => record.isDraft],
  [
    'webLink',
    ({ mailbox, record, options }) =>
      `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(mailbox.messageId(record, options.immutable))}&exvsurl=1&viewmodel=ReadMessageItem`,
  ],
  ['inferenceClassification', ({ record }) => record.inferenceClassification],
  ['body', body],
  ['sender', ({ record }) => record.sender],
  ['from', ({ record }) => record.from],
  ['toRecipients', ({ record }) => record.to],
  ['ccRecipients', ({ record }) => record.cc],
  ['bccRecipients', ({ record }) => record.bcc],
  ['replyTo', ({ record }) => record.replyTo],
  ['flag', ({ record }) => ({ flagStatus: record.flagStatus })],
];

// Returned only when selected: internetMessageHeaders (message resource docs) and uniqueBody.
const selectOnlyProperties: Array<[string, Property]> = [
  ['uniqueBody', body],
  ['internetMessageHeaders', ({ record, parts }) => parts.headers(record)],
];

const allProperties = new Map(
  [...defaultProperties, ...selectOnlyProperties].map(([name, fn]) => [
    name.toLowerCase(),
    [name, fn] as const,
  ]),
);
const withheldForBasic = new Set(['body', 'bodypreview', 'uniquebody']);

/** Resolves `$select` names case-insensitively, rejecting unknown ones as Graph does. */
export function resolveSelect(select: string[] | null): Array<readonly [string, Property]> {
  if (select === null) return defaultProperties;
  const out: Array<readonly [string, Property]> = [['id', defaultProperties[0]?.[1] as Property]];
  for (const name of select) {
    const hit = allProperties.get(name.toLowerCase());
    if (!hit) {
      throw new GraphFailure(
        400,
        'RequestBroker--ParseUri',
        `Could not find a property named '${name}' on type 'Microsoft.OutlookServices.Message'.`,
      );
    }
    if (hit[0] !== 'id') out.push(hit);
  }
  return out;
}

/** Renders a message as Graph JSON with `$select`, `$expand`, the body-type preference and the id kind. */
export async function renderMessage(
  parts: MessagePartsLoader,
  mailbox: Mailbox,
  record: MessageRecord,
  options: RenderOptions,
): Promise<Record<string, unknown>> {
  const env: Env = { mailbox, record, options, parts };
  const out: Record<string, unknown> = {
    '@odata.etag': `W/"${encodeChangeKey(record.seq, record.changeSeq)}"`,
  };
  for (const [name, fn] of resolveSelect(options.select)) {
    if (options.basicOnly && withheldForBasic.has(name.toLowerCase())) continue;
    out[name] = await fn(env);
  }
  for (const item of options.expand) {
    const lower = item.toLowerCase();
    if (lower === 'attachments' && !options.basicOnly) {
      const { attachments } = await parts.parts(record);
      out.attachments = attachments.map((a, i) =>
        renderAttachment(mailbox, record, i, a, { withContent: true }),
      );
    } else if (lower.startsWith('singlevalueextendedproperties')) {
      const wanted = /id\s+eq\s+'([^']*)'/i.exec(item)?.[1];
      out.singleValueExtendedProperties = Object.entries(record.extendedProperties ?? {})
        .filter(([id]) => wanted === undefined || id.toLowerCase() === wanted.toLowerCase())
        .map(([id, value]) => ({ id, value }));
    } else if (lower !== 'attachments') {
      throw new GraphFailure(
        400,
        'BadRequest',
        `Parsing OData Select and Expand failed: Could not find a property named '${item}'.`,
      );
    }
  }
  return out;
}
