import { randomUUID } from 'node:crypto';

/** What a test says about a mail; everything else gets realistic defaults. */
export interface GraphMessageInput {
  subject: string;
  /** `Name <address>` or a bare address. */
  from: string;
  to?: string[];
  cc?: string[];
  html?: string;
  text?: string;
  uniqueHtml?: string;
  internetMessageId?: string;
  conversationId?: string;
  inReplyTo?: string;
  references?: string[];
  /** Extra internet message headers. */
  headers?: Record<string, string>;
  receivedDateTime?: string;
  extra?: Record<string, unknown>;
}

function recipient(text: string) {
  const match = /^(.*)<([^>]+)>\s*$/.exec(text);
  const name = match ? (match[1] ?? '').trim().replace(/^"|"$/g, '') : text;
  const address = match ? (match[2] ?? '') : text;
  return { emailAddress: { name: name || address, address } };
}

/**
 * Graph message JSON as `GET /users/{mailbox}/messages/{id}` returns it with ms-inbox's `$select`
 * (body, uniqueBody, recipients, internetMessageHeaders, …), as in the message-get documentation sample.
 */
export function graphMessage(input: GraphMessageInput): Record<string, unknown> {
  const received = input.receivedDateTime ?? '2026-03-03T10:15:00Z';
  const internetMessageId = input.internetMessageId ?? `<${randomUUID()}@mail.example.org>`;
  const body = input.html ?? input.text ?? '';
  const contentType = input.html !== undefined ? 'html' : 'text';
  const from = recipient(input.from);
  const to = (input.to ?? ['Support <support@contoso.com>']).map(recipient);
  const headers: Array<{ name: string; value: string }> = [
    { name: 'Received', value: `from mail.example.org by EXCH01.contoso.com; ${received}` },
    { name: 'From', value: input.from },
    { name: 'To', value: (input.to ?? ['support@contoso.com']).join(', ') },
    { name: 'Subject', value: input.subject },
    { name: 'Date', value: new Date(received).toUTCString() },
    { name: 'Message-ID', value: internetMessageId },
    ...(input.inReplyTo ? [{ name: 'In-Reply-To', value: input.inReplyTo }] : []),
    ...(input.references ? [{ name: 'References', value: input.references.join(' ') }] : []),
    { name: 'MIME-Version', value: '1.0' },
    {
      name: 'Content-Type',
      value: contentType === 'html' ? 'text/html; charset="utf-8"' : 'text/plain; charset="utf-8"',
    },
    ...Object.entries(input.headers ?? {}).map(([name, value]) => ({ name, value })),
  ];
  return {
    '@odata.etag': 'W/"CQAAABYAAAC4ofQHEIqCSbQPot83AFcbAAAw/d6s"',
    id: `AAMkAGI2TG93AAA=${randomUUID()}`,
    createdDateTime: received,
    lastModifiedDateTime: received,
    changeKey: 'CQAAABYAAAC4ofQHEIqCSbQPot83AFcbAAAw/d6s',
    categories: [],
    receivedDateTime: received,
    sentDateTime: received,
    hasAttachments: false,
    internetMessageId,
    subject: input.subject,
    bodyPreview: body.replace(/<[^>]*>/g, '').slice(0, 255),
    importance: 'normal',
    parentFolderId: 'AAMkAGI2TG93AAAuAAAAAAAIKAAA=',
    conversationId: input.conversationId ?? `AAQkAGI2${randomUUID()}`,
    conversationIndex: 'AQHXg8C0',
    isDeliveryReceiptRequested: false,
    isReadReceiptRequested: false,
    isRead: false,
    isDraft: false,
    inferenceClassification: 'focused',
    body: { contentType, content: body },
    uniqueBody: {
      contentType: input.uniqueHtml !== undefined ? 'html' : contentType,
      content: input.uniqueHtml ?? body,
    },
    sender: from,
    from,
    toRecipients: to,
    ccRecipients: (input.cc ?? []).map(recipient),
    bccRecipients: [],
    replyTo: [],
    flag: { flagStatus: 'notFlagged' },
    internetMessageHeaders: headers,
    ...input.extra,
  };
}
