import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { AttachmentKind } from '../graph/index.js';
import type { EmailData } from './contract.js';

/** An attachment for `buildEmailData`: its metadata and its bytes. */
export interface AttachmentFixture {
  name: string;
  content: string | Uint8Array;
  contentType?: string;
  isInline?: boolean;
  contentId?: string | null;
  kind?: AttachmentKind;
}

/** What `buildEmailData` makes an `EmailData` from: Graph message JSON as a real fetch returns it. */
interface EmailDataFixture {
  message: Record<string, unknown>;
  subscriptionEmail: string;
  attachments?: readonly AttachmentFixture[];
  /** The raw mail; a minimal one is made from the message when absent. */
  mime?: string | Uint8Array;
  isProcessed?: boolean;
  ledgerId?: string;
  attempt?: number;
}

/**
 * An `EmailData` from Graph message JSON, for testing handlers without Graph or the simulator (the shape the
 * pipeline hands a handler; streams are served from memory).
 */
export function buildEmailData(fixture: EmailDataFixture): EmailData {
  const mime = fixture.mime ?? minimalMime(fixture.message);
  return {
    message: fixture.message,
    subscriptionEmail: fixture.subscriptionEmail.toLowerCase(),
    attachments: (fixture.attachments ?? []).map((a, index) => {
      const bytes = typeof a.content === 'string' ? Buffer.from(a.content, 'utf8') : Buffer.from(a.content);
      return {
        id: `attachment-${index + 1}`,
        name: a.name,
        contentType: a.contentType ?? 'application/octet-stream',
        size: bytes.length,
        isInline: a.isInline ?? false,
        contentId: a.contentId ?? null,
        kind: a.kind ?? 'file',
        open: async () => Readable.from([bytes]),
      };
    }),
    isProcessed: fixture.isProcessed ?? false,
    openMime: async () =>
      Readable.from([typeof mime === 'string' ? Buffer.from(mime, 'utf8') : Buffer.from(mime)]),
    ledgerId: fixture.ledgerId ?? randomUUID(),
    attempt: fixture.attempt ?? 1,
  };
}

function minimalMime(message: Record<string, unknown>): string {
  const address = (value: unknown) =>
    (value as { emailAddress?: { address?: string } } | undefined)?.emailAddress?.address ?? '';
  const body = (message.body as { content?: string; contentType?: string } | undefined) ?? {};
  const type = body.contentType?.toLowerCase() === 'html' ? 'text/html' : 'text/plain';
  return [
    `From: ${address(message.from)}`,
    `Subject: ${String(message.subject ?? '')}`,
    `Message-ID: ${String(message.internetMessageId ?? '')}`,
    'MIME-Version: 1.0',
    `Content-Type: ${type}; charset=utf-8`,
    '',
    body.content ?? '',
    '',
  ].join('\r\n');
}
