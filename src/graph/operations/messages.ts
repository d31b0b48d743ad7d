import type * as Graph from '@microsoft/microsoft-graph-types';
import type { Readable } from 'node:stream';
import type { GraphHttp, GraphRequest } from '../graph-http.js';

/** Message fields every fetch selects; `custom_select` adds to them. */
const defaultMessageSelect = [
  'id',
  'subject',
  'bodyPreview',
  'body',
  'uniqueBody',
  'from',
  'sender',
  'toRecipients',
  'ccRecipients',
  'bccRecipients',
  'replyTo',
  'receivedDateTime',
  'sentDateTime',
  'internetMessageId',
  'conversationId',
  'conversationIndex',
  'hasAttachments',
  'importance',
  'isRead',
  'categories',
  'parentFolderId',
  'inferenceClassification',
] as const;

/** What an attachment is: a file, an attached mail (itemAttachment), or a link (referenceAttachment). */
export type AttachmentKind = 'file' | 'item' | 'reference';

/**
 * Attachment metadata without the content (the content comes through `$value`, streamed): the one attachment shape
 * that the handler contract, `EmailItem`, the helpdesk and the external handler's body build on.
 */
export interface AttachmentInfo {
  id: string;
  name: string;
  contentType: string;
  size: number;
  /** As Graph reports it; Graph's `isInline` is not always the truth (DESIGN §9). */
  isInline: boolean;
  /** Graph's `fileAttachment.contentId` (null for other kinds): what the HTML names as `cid:`. */
  contentId: string | null;
  kind: AttachmentKind;
}

const kindOf = (odataType: string | undefined): AttachmentInfo['kind'] =>
  odataType?.endsWith('itemAttachment')
    ? 'item'
    : odataType?.endsWith('referenceAttachment')
      ? 'reference'
      : 'file';

/**
 * The `$select` of an attachment list. `contentId` belongs to fileAttachment, not to the base attachment type, so it
 * is named with its type cast; a bare `contentId` makes Graph answer 400 (RequestBroker--ParseUri).
 */
const attachmentListSelect = 'id,name,contentType,size,isInline,microsoft.graph.fileAttachment/contentId';

const messagePath = (mailbox: string, id: string) =>
  `/users/${encodeURIComponent(mailbox)}/messages/${encodeURIComponent(id)}`;

/**
 * The message requests of the pipeline's hot path, each described once: `createMessageOperations` sends them
 * directly, `createBatchedMessageOperations` inside `$batch` (`toBatchItem`).
 */
export const messageRequests = {
  /** The message with the given `$select` (`messageSelect`); headers come only when selected. */
  get: (mailbox: string, id: string, select: string): GraphRequest => ({
    operation: 'messages.get',
    method: 'GET',
    path: messagePath(mailbox, id),
    mailbox,
    query: { $select: select },
  }),
  /** Moves the message (e.g. to `recoverableitemsdeletions`, the seed's soft delete); the id stays immutable. */
  move: (mailbox: string, id: string, destinationId: string): GraphRequest => ({
    operation: 'messages.move',
    method: 'POST',
    path: `${messagePath(mailbox, id)}/move`,
    mailbox,
    json: { destinationId },
  }),
  /** Deletes the message (Graph keeps it recoverable). */
  delete: (mailbox: string, id: string): GraphRequest => ({
    operation: 'messages.delete',
    method: 'DELETE',
    path: messagePath(mailbox, id),
    mailbox,
    expect: 'none',
  }),
  /** Replaces the message's categories (visible in Outlook). */
  setCategories: (mailbox: string, id: string, categories: string[]): GraphRequest => ({
    operation: 'messages.categorise',
    method: 'PATCH',
    path: messagePath(mailbox, id),
    mailbox,
    json: { categories },
  }),
};

/** The `$select` of a message fetch: the defaults, `custom_select`, and the headers. */
export function messageSelect(customSelect: readonly string[]): string {
  return [...new Set([...defaultMessageSelect, ...customSelect, 'internetMessageHeaders'])].join(',');
}

/** Message operations of one client. */
export function createMessageOperations(http: GraphHttp, options: { customSelect: readonly string[] }) {
  const select = messageSelect(options.customSelect);

  return {
    /** The message with the default and custom fields and its headers (which Graph returns only when selected). */
    async get(mailbox: string, id: string): Promise<Graph.Message & Record<string, unknown>> {
      const response = await http.send<Graph.Message & Record<string, unknown>>(
        messageRequests.get(mailbox, id, select),
      );
      return response.body;
    },

    /** The attachments' metadata; `isInline` is reported as Graph gives it, which is not always the truth. */
    async listAttachments(mailbox: string, id: string): Promise<AttachmentInfo[]> {
      const response = await http.send<{
        value: Array<Graph.Attachment & { contentId?: string; '@odata.type'?: string }>;
      }>({
        operation: 'attachments.list',
        method: 'GET',
        path: `${messagePath(mailbox, id)}/attachments`,
        mailbox,
        query: { $select: attachmentListSelect },
      });
      return response.body.value.map((a) => {
        const kind = kindOf(a['@odata.type']);
        return {
          id: a.id ?? '',
          name: a.name ?? 'attachment',
          // Graph gives an itemAttachment no content type; its `$value` is the attached item's MIME.
          contentType: a.contentType ?? (kind === 'item' ? 'message/rfc822' : 'application/octet-stream'),
          size: a.size ?? 0,
          isInline: a.isInline ?? false,
          contentId: a.contentId ?? null,
          kind,
        };
      });
    },

    /** Streams one attachment's raw content, so large files never sit in memory whole. */
    async streamAttachment(mailbox: string, id: string, attachmentId: string): Promise<Readable> {
      const response = await http.send<Readable>({
        operation: 'attachments.content',
        method: 'GET',
        path: `${messagePath(mailbox, id)}/attachments/${encodeURIComponent(attachmentId)}/$value`,
        mailbox,
        expect: 'stream',
      });
      return response.body;
    },

    /** Streams the message as MIME (RFC 822). */
    async streamMime(mailbox: string, id: string): Promise<Readable> {
      const response = await http.send<Readable>({
        operation: 'messages.mime',
        method: 'GET',
        path: `${messagePath(mailbox, id)}/$value`,
        mailbox,
        expect: 'stream',
      });
      return response.body;
    },

    /** Pages through the Inbox, newest first, optionally only mail received since a time. */
    async *listInbox(mailbox: string, options: { receivedSince?: string; pageSize?: number } = {}) {
      const query: Record<string, string> = {
        $select: 'id,internetMessageId,subject,receivedDateTime,from',
        $orderby: 'receivedDateTime desc',
        $top: String(options.pageSize ?? 100),
      };
      if (options.receivedSince) query.$filter = `receivedDateTime ge ${options.receivedSince}`;
      let next: string | null = `/users/${encodeURIComponent(mailbox)}/mailFolders/inbox/messages`;
      let first = true;
      while (next) {
        const page: { body: { value: Graph.Message[]; '@odata.nextLink'?: string } } = await http.send({
          operation: 'messages.list',
          method: 'GET',
          path: next,
          mailbox,
          query: first ? query : undefined,
        });
        first = false;
        yield page.body.value;
        next = page.body['@odata.nextLink'] ?? null;
      }
    },

    /** Moves the message (`messageRequests.move`). */
    async move(mailbox: string, id: string, destinationId: string): Promise<Graph.Message> {
      return (await http.send<Graph.Message>(messageRequests.move(mailbox, id, destinationId))).body;
    },

    /** Deletes the message (`messageRequests.delete`). */
    async delete(mailbox: string, id: string): Promise<void> {
      await http.send(messageRequests.delete(mailbox, id));
    },

    /** Replaces the message's categories (`messageRequests.setCategories`). */
    async setCategories(mailbox: string, id: string, categories: string[]): Promise<void> {
      await http.send(messageRequests.setCategories(mailbox, id, categories));
    },

    /** Sends a ready MIME message from the mailbox (saved to its Sent Items); needs Mail.Send. */
    async sendMime(mailbox: string, mime: string): Promise<void> {
      // Graph takes MIME as base64 text/plain; JSON sendMail cannot carry headers such as Auto-Submitted (DESIGN §9).
      await http.send({
        operation: 'mail.send',
        method: 'POST',
        path: `/users/${encodeURIComponent(mailbox)}/sendMail`,
        mailbox,
        text: { body: Buffer.from(mime, 'utf8').toString('base64'), contentType: 'text/plain' },
        expect: 'none',
      });
    },
  };
}
