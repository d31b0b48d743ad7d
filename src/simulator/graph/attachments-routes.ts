import { parseRawMail } from '../mime/parse-raw-mail.js';
import { decodeAttachmentId } from '../tenant/ids.js';
import type { StoredAttachment } from '../mime/parse-raw-mail.js';
import type { GraphRoute, RouteContext } from './context.js';
import { GraphFailure, itemNotFound } from './errors.js';
import { parseAttachmentSelect, renderAttachment, selectsContent } from './attachment-json.js';
import { graphDate } from './graph-date.js';
import { json, requireMessage, withFolderVariant } from './message-lookup.js';

async function requireAttachment(ctx: RouteContext): Promise<{ index: number; att: StoredAttachment }> {
  const record = requireMessage(ctx);
  const decoded = decodeAttachmentId(ctx.mailbox.key, ctx.params.attachment ?? '');
  if (!decoded || decoded.seq !== record.seq) throw itemNotFound();
  const { attachments } = await ctx.core.parts.parts(record);
  const att = attachments[decoded.index];
  if (!att) throw itemNotFound();
  return { index: decoded.index, att };
}

function selectOf(ctx: RouteContext) {
  const select = ctx.request.query.get('$select') ?? ctx.request.query.get('select');
  return parseAttachmentSelect(
    select === null
      ? null
      : select
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
  );
}

async function listAttachments(ctx: RouteContext) {
  const record = requireMessage(ctx);
  const select = selectOf(ctx);
  const { attachments } = await ctx.core.parts.parts(record);
  const withContent = selectsContent(select);
  return json(200, {
    '@odata.context': `${ctx.request.origin}/v1.0/$metadata#users('${ctx.params.user}')/messages('${ctx.params.message}')/attachments`,
    value: attachments.map((att, i) =>
      renderAttachment(ctx.mailbox, record, i, att, { withContent, select }),
    ),
  });
}

async function getAttachment(ctx: RouteContext) {
  const record = requireMessage(ctx);
  const { index, att } = await requireAttachment(ctx);
  const select = selectOf(ctx);
  const body = renderAttachment(ctx.mailbox, record, index, att, { withContent: true, select });
  const expand = (ctx.request.query.get('$expand') ?? '').toLowerCase();
  // attachment-get.md: `$expand=microsoft.graph.itemattachment/item` returns the attached message's properties.
  if (att.kind === 'item' && expand.includes('item') && att.bytes) {
    const item = await parseRawMail(att.bytes, att.lastModifiedMs);
    body.item = {
      '@odata.type': '#microsoft.graph.message',
      id: '',
      subject: item.subject,
      sentDateTime: item.sentMs === null ? null : graphDate(item.sentMs),
      internetMessageId: item.internetMessageId,
      hasAttachments: item.hasAttachments,
      body: { contentType: item.bodyHtml ? 'html' : 'text', content: item.body },
      from: item.from,
      sender: item.sender,
      toRecipients: item.to,
      ccRecipients: item.cc,
      internetMessageHeaders: item.headers,
    };
  }
  return json(200, {
    '@odata.context': `${ctx.request.origin}/v1.0/$metadata#users('${ctx.params.user}')/messages('${ctx.params.message}')/attachments/$entity`,
    ...body,
  });
}

async function attachmentValue(ctx: RouteContext) {
  const { att } = await requireAttachment(ctx);
  // attachment-get.md: a reference attachment has no raw contents, so `$value` answers 405.
  if (att.kind === 'reference') {
    throw new GraphFailure(
      405,
      'ErrorInvalidRequest',
      'Getting the raw contents of a reference attachment is not supported.',
    );
  }
  const contentType =
    att.kind === 'item' ? 'message/rfc822' : (att.contentType ?? 'application/octet-stream');
  return { status: 200, headers: { 'content-type': contentType }, body: att.bytes ?? Buffer.alloc(0) };
}

/** Attachment list, get and raw-content routes. */
export const attachmentRoutes: GraphRoute[] = withFolderVariant([
  {
    method: 'GET',
    pattern: 'users/:user/messages/:message/attachments',
    operation: 'attachments.list',
    permission: 'read',
    handler: listAttachments,
  },
  {
    method: 'GET',
    pattern: 'users/:user/messages/:message/attachments/:attachment',
    operation: 'attachment.get',
    permission: 'read',
    handler: getAttachment,
  },
  {
    method: 'GET',
    pattern: 'users/:user/messages/:message/attachments/:attachment/$value',
    operation: 'attachment.value',
    permission: 'read',
    handler: attachmentValue,
  },
]);
