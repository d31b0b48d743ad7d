import { Readable } from 'node:stream';
import type { IncomingAttachment, IncomingMail } from '../../../src/helpdesk/index.js';

let sequence = 0;

/** A file attachment whose bytes are `content`. */
export function attachment(
  name: string,
  options: Partial<IncomingAttachment> & { content?: string } = {},
): IncomingAttachment {
  const content = options.content ?? `content of ${name}`;
  return {
    name,
    contentType: 'application/octet-stream',
    size: content.length,
    isInline: false,
    contentId: null,
    kind: 'file',
    stream: async () => Readable.from([Buffer.from(content)]),
    ...options,
  };
}

/** A mail about a broken printer from anna@example.org, each with its own Message-ID. */
export function mail(overrides: Partial<IncomingMail> = {}): IncomingMail {
  sequence++;
  return {
    subject: 'Printer broken',
    subscriptionEmail: 'support@contoso.com',
    internetMessageId: `<m${sequence}@example.org>`,
    conversationId: `conv-${sequence}`,
    inReplyTo: null,
    references: [],
    from: { name: 'Anna', address: 'anna@example.org' },
    sender: { name: 'Anna', address: 'anna@example.org' },
    body: { html: '<p>The printer on floor 3 is broken.</p>', text: 'The printer on floor 3 is broken.' },
    uniqueBody: null,
    attachments: [],
    isProcessed: false,
    ledgerId: `ledger-${sequence}`,
    mimeStream: async () => Readable.from([Buffer.from('Subject: Printer broken\r\n\r\nbody')]),
    ...overrides,
  };
}
