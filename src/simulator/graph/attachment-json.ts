import type { StoredAttachment } from '../mime/parse-raw-mail.js';
import type { Mailbox } from '../tenant/mailbox.js';
import { encodeAttachmentId } from '../tenant/ids.js';
import type { MessageRecord } from '../tenant/message-record.js';
import { GraphFailure } from './errors.js';
import { graphDate } from './graph-date.js';

/** A parsed attachment `$select`: base-type properties, and fileAttachment ones named with their type cast. */
export interface AttachmentSelect {
  /** Lower-case names of `attachment` properties. */
  base: ReadonlySet<string>;
  /** Lower-case names of `fileAttachment` properties, selected as `microsoft.graph.fileAttachment/<name>`. */
  file: ReadonlySet<string>;
}

// attachment resource: the properties every kind has.
const baseProperties = new Set(['id', 'name', 'contenttype', 'size', 'isinline', 'lastmodifieddatetime']);
// fileattachment resource: its own properties, selectable only through the cast.
const fileProperties = new Set(['contentbytes', 'contentid', 'contentlocation']);
const fileCast = 'microsoft.graph.fileattachment/';

const unknownProperty = (name: string, type: string): GraphFailure =>
  new GraphFailure(
    400,
    'RequestBroker--ParseUri',
    `Could not find a property named '${name}' on type '${type}'.`,
  );

/**
 * Parses an attachment `$select` as Graph does: `contentId` is a fileAttachment property, so a bare `contentId`
 * is refused (400 RequestBroker--ParseUri, as Graph answers) and `microsoft.graph.fileAttachment/contentId` selects it.
 */
export function parseAttachmentSelect(select: string[] | null): AttachmentSelect | null {
  if (select === null) return null;
  const base = new Set<string>();
  const file = new Set<string>();
  for (const name of select) {
    const lower = name.toLowerCase();
    if (lower.startsWith(fileCast)) {
      const property = lower.slice(fileCast.length);
      if (baseProperties.has(property)) base.add(property);
      else if (fileProperties.has(property)) file.add(property);
      else throw unknownProperty(name.slice(fileCast.length), 'microsoft.graph.fileAttachment');
    } else if (baseProperties.has(lower)) base.add(lower);
    else throw unknownProperty(name, 'microsoft.graph.attachment');
  }
  return { base, file };
}

/** Whether a list answer carries `contentBytes`: always without `$select`, else only when it names it. */
export function selectsContent(select: AttachmentSelect | null): boolean {
  return select === null || select.file.has('contentbytes');
}

const odataTypes: Record<StoredAttachment['kind'], string> = {
  file: '#microsoft.graph.fileAttachment',
  item: '#microsoft.graph.itemAttachment',
  reference: '#microsoft.graph.referenceAttachment',
};

/**
 * Renders one attachment as Graph JSON: a fileAttachment with `contentId`, `contentLocation` and (when asked)
 * `contentBytes`; an itemAttachment (named after the attached mail's subject, `contentType: null`, no bytes: its
 * MIME comes through `$value`); a referenceAttachment.
 */
export function renderAttachment(
  mailbox: Mailbox,
  record: MessageRecord,
  index: number,
  att: StoredAttachment,
  options: { withContent: boolean; select?: AttachmentSelect | null },
): Record<string, unknown> {
  const full: Record<string, unknown> = {
    '@odata.type': odataTypes[att.kind],
    ...(att.kind === 'file' ? { '@odata.mediaContentType': att.contentType } : {}),
    id: encodeAttachmentId(mailbox.key, record.seq, index),
    lastModifiedDateTime: graphDate(att.lastModifiedMs),
    name: att.name,
    contentType: att.contentType,
    size: att.size,
    isInline: att.isInline,
    ...(att.kind === 'file'
      ? {
          contentId: att.contentId,
          contentLocation: null,
          ...(options.withContent ? { contentBytes: (att.bytes ?? Buffer.alloc(0)).toString('base64') } : {}),
        }
      : {}),
  };
  const select = options.select;
  if (!select) return full;
  // `@odata.type` always stays, so clients can tell the kinds apart (message-list-attachments tip).
  const wanted = new Set(['@odata.type', 'id', ...select.base, ...(att.kind === 'file' ? select.file : [])]);
  return Object.fromEntries(Object.entries(full).filter(([k]) => wanted.has(k.toLowerCase())));
}
