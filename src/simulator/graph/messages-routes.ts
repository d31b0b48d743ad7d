import type { GraphRoute, RouteContext } from './context.js';
import { badBody, GraphFailure } from './errors.js';
import { renderMessage, type RenderOptions } from './message-json.js';
import {
  json,
  preferenceApplied,
  requireFolder,
  requireMessage,
  withFolderVariant,
} from './message-lookup.js';
import { matchesFilter, parseODataQuery, sortMessages } from './odata-query.js';
import { applyMessagePatch } from './message-patch.js';

function renderOptions(ctx: RouteContext, select: string[] | null, expand: string[]): RenderOptions {
  return {
    select,
    expand,
    immutable: ctx.prefer.immutableIds,
    bodyType: ctx.prefer.bodyContentType,
    basicOnly: ctx.basicOnly,
  };
}

async function listMessages(ctx: RouteContext) {
  const query = parseODataQuery(ctx.request.query);
  const folder = ctx.params.folder === undefined ? undefined : requireFolder(ctx);
  if (query.filter.some((t) => t.property === 'hasAttachments')) {
    for (const record of ctx.mailbox.listFolder(folder)) await ctx.core.parts.hasAttachments(record);
  }
  const records = sortMessages(
    ctx.mailbox.listFolder(folder).filter((r) => matchesFilter(r, query.filter)),
    query.orderBy,
  );
  // Outlook pages message lists by 10 unless $top says otherwise (message-list.md).
  const top = query.top ?? 10;
  const page = records.slice(query.skip, query.skip + top);
  const options = renderOptions(ctx, query.select, query.expand);
  const value = [];
  for (const record of page) value.push(await renderMessage(ctx.core.parts, ctx.mailbox, record, options));
  const base = `${ctx.request.origin}/v1.0/${ctx.request.path}`;
  const body: Record<string, unknown> = {
    '@odata.context': `${ctx.request.origin}/v1.0/$metadata#users('${ctx.params.user}')/${folder ? `mailFolders('${ctx.params.folder}')/` : ''}messages`,
    value,
  };
  if (query.skip + top < records.length) {
    const next = new URLSearchParams(ctx.request.query);
    next.delete('skip');
    next.set('$top', String(top));
    next.set('$skip', String(query.skip + top));
    body['@odata.nextLink'] = `${base}?${next.toString()}`;
  }
  return json(200, body, preferenceApplied(ctx));
}

async function getMessage(ctx: RouteContext) {
  const record = requireMessage(ctx);
  const query = parseODataQuery(ctx.request.query);
  const message = await renderMessage(
    ctx.core.parts,
    ctx.mailbox,
    record,
    renderOptions(ctx, query.select, query.expand),
  );
  return json(
    200,
    {
      '@odata.context': `${ctx.request.origin}/v1.0/$metadata#users('${ctx.params.user}')/messages/$entity`,
      ...message,
    },
    preferenceApplied(ctx),
  );
}

async function updateMessage(ctx: RouteContext) {
  const record = requireMessage(ctx);
  const body = ctx.request.body;
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw badBody('Empty Payload. JSON content expected.');
  applyMessagePatch(record, body as Record<string, unknown>);
  ctx.mailbox.touch(record);
  const message = await renderMessage(ctx.core.parts, ctx.mailbox, record, renderOptions(ctx, null, []));
  return json(200, {
    '@odata.context': `${ctx.request.origin}/v1.0/$metadata#users('${ctx.params.user}')/messages/$entity`,
    ...message,
  });
}

function deleteMessage(ctx: RouteContext) {
  const record = requireMessage(ctx);
  const deletions = ctx.mailbox.findFolder('recoverableitemsdeletions');
  // DELETE is a soft delete: the item leaves every visible folder for Recoverable Items (graph-protocol.md §F.4).
  if (!deletions || record.folder === deletions.index) ctx.mailbox.remove(record);
  else ctx.mailbox.move(record, deletions);
  return { status: 204 };
}

function permanentlyDeleteMessage(ctx: RouteContext) {
  ctx.mailbox.remove(requireMessage(ctx));
  return { status: 204 };
}

async function moveMessage(ctx: RouteContext) {
  const record = requireMessage(ctx);
  const destinationId = (ctx.request.body as { destinationId?: unknown } | undefined)?.destinationId;
  if (typeof destinationId !== 'string' || destinationId === '') {
    throw new GraphFailure(
      400,
      'ErrorInvalidParameter',
      "The value of the parameter 'DestinationId' is empty.",
    );
  }
  const destination = ctx.mailbox.findFolder(destinationId);
  if (!destination)
    throw new GraphFailure(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  // A move gives the message a new REST id; only immutable ids survive it (outlook-immutable-id.md).
  if (destination.index !== record.folder) ctx.mailbox.move(record, destination);
  const message = await renderMessage(ctx.core.parts, ctx.mailbox, record, renderOptions(ctx, null, []));
  return json(201, {
    '@odata.context': `${ctx.request.origin}/v1.0/$metadata#users('${ctx.params.user}')/messages/$entity`,
    ...message,
  });
}

async function messageMime(ctx: RouteContext) {
  const record = requireMessage(ctx);
  // message-get.md "Get MIME content": the MIME comes back as text/plain.
  return { status: 200, headers: { 'content-type': 'text/plain' }, body: await ctx.core.parts.mime(record) };
}

/** Message list, get, update, delete, move and MIME routes. */
export const messageRoutes: GraphRoute[] = [
  {
    method: 'GET',
    pattern: 'users/:user/messages',
    operation: 'messages.list',
    permission: 'readBasic',
    handler: listMessages,
  },
  {
    method: 'GET',
    pattern: 'users/:user/mailFolders/:folder/messages',
    operation: 'messages.list',
    permission: 'readBasic',
    handler: listMessages,
  },
  ...withFolderVariant([
    {
      method: 'GET',
      pattern: 'users/:user/messages/:message',
      operation: 'message.get',
      permission: 'readBasic',
      handler: getMessage,
    },
    {
      method: 'PATCH',
      pattern: 'users/:user/messages/:message',
      operation: 'message.update',
      permission: 'write',
      handler: updateMessage,
    },
    {
      method: 'DELETE',
      pattern: 'users/:user/messages/:message',
      operation: 'message.delete',
      permission: 'write',
      handler: deleteMessage,
    },
    {
      method: 'POST',
      pattern: 'users/:user/messages/:message/move',
      operation: 'message.move',
      permission: 'write',
      handler: moveMessage,
    },
    {
      method: 'POST',
      pattern: 'users/:user/messages/:message/permanentDelete',
      operation: 'message.permanent-delete',
      permission: 'write',
      handler: permanentlyDeleteMessage,
    },
    {
      method: 'GET',
      pattern: 'users/:user/messages/:message/$value',
      operation: 'message.mime',
      permission: 'read',
      handler: messageMime,
    },
  ]),
];
