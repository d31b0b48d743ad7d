import { createHash } from 'node:crypto';
import { addAbortSignal, type Readable } from 'node:stream';
import type { AttachmentInfo } from '../../graph/index.js';
import type { EmailAttachmentData, HandlerCall } from '../contract.js';

/** Why an attachment's bytes are not in the request (the receiver fetches them another way, or goes without). */
type ContentOmittedReason = 'tooLarge' | 'totalLimitReached' | 'notAFile';

/** One attachment as posted: Graph's metadata, plus the bytes in base64 when they fit. */
interface ExternalAttachment extends AttachmentInfo {
  /** Base64, as Graph's own `fileAttachment.contentBytes`; for an attached mail (`item`), its MIME (message/rfc822). */
  contentBytes?: string;
  contentOmitted?: true;
  contentOmittedReason?: ContentOmittedReason;
}

/** The JSON body ms-inbox POSTs to an external handler. */
export interface ExternalRequestBody {
  deliveryId: string;
  attempt: number;
  kind: 'notification' | 'recovery';
  resource: { id: string; clientName: string; email: string };
  /** The seed's `email_data`: the Graph message fields as fetched, plus what ms-inbox adds. */
  email: Record<string, unknown> & {
    subscriptionEmail: string;
    isProcessed: boolean;
    attachments: ExternalAttachment[];
  };
}

/** How many attachment bytes may travel inline. */
interface AttachmentInlineLimits {
  eachBytes: number;
  totalBytes: number;
}

// A fixed namespace makes delivery ids name-based (UUID v5, RFC 9562 §5.5): the same mail and kind
// always give the same id, across retries and processes, without storing it.
const deliveryNamespace = Buffer.from('6f1d2c3e9a8b4c7d8e5f0a1b2c3d4e5f', 'hex');

/** The delivery id of a mail for one kind of call: a UUID, stable across every attempt. */
export function deliveryIdOf(ledgerId: string, kind: HandlerCall['kind']): string {
  const hash = createHash('sha1').update(deliveryNamespace).update(`${ledgerId}:${kind}`).digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Reads a stream whole, or answers null as soon as it proves longer than `limitBytes`. */
async function readAtMost(stream: Readable, limitBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    length += buffer.length;
    if (length > limitBytes) {
      stream.destroy();
      return null;
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, length);
}

async function describeAttachments(
  attachments: readonly EmailAttachmentData[],
  limits: AttachmentInlineLimits,
  signal: AbortSignal,
): Promise<ExternalAttachment[]> {
  let budgetBytes = limits.totalBytes;
  const described: ExternalAttachment[] = [];
  for (const attachment of attachments) {
    const { id, name, contentType, size, isInline, contentId, kind } = attachment;
    const meta: ExternalAttachment = { id, name, contentType, size, isInline, contentId, kind };
    const omit = (reason: ContentOmittedReason): void => {
      described.push({ ...meta, contentOmitted: true, contentOmittedReason: reason });
    };
    // A file's bytes, or an attached mail's MIME (Graph's `$value` of an itemAttachment); a cloud link has none.
    if (kind === 'reference') {
      omit('notAFile');
      continue;
    }
    // Graph's `size` is decided before downloading; the read below still guards the real length.
    if (size > limits.eachBytes) {
      omit('tooLarge');
      continue;
    }
    if (size > budgetBytes) {
      omit('totalLimitReached');
      continue;
    }
    const content = await readAtMost(
      addAbortSignal(signal, await attachment.open()),
      Math.min(limits.eachBytes, budgetBytes),
    );
    if (content === null) {
      omit(limits.eachBytes <= budgetBytes ? 'tooLarge' : 'totalLimitReached');
      continue;
    }
    budgetBytes -= content.length;
    described.push({ ...meta, contentBytes: content.toString('base64') });
  }
  return described;
}

/** Builds the request body for one handler call, reading the attachments that fit the limits. */
export async function buildRequestBody(
  call: HandlerCall,
  limits: AttachmentInlineLimits,
): Promise<ExternalRequestBody> {
  const { email, resource } = call;
  return {
    deliveryId: deliveryIdOf(email.ledgerId, call.kind),
    attempt: email.attempt,
    kind: call.kind,
    resource: { id: resource.id, clientName: resource.clientName, email: resource.email },
    email: {
      ...email.message,
      subscriptionEmail: email.subscriptionEmail,
      isProcessed: email.isProcessed,
      attachments: await describeAttachments(email.attachments, limits, call.signal),
    },
  };
}
