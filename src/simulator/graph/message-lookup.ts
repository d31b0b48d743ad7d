import type { Folder } from '../tenant/folders.js';
import type { MessageRecord } from '../tenant/message-record.js';
import type { GraphResponse, GraphRoute, RouteContext } from './context.js';
import { idMalformed, itemNotFound } from './errors.js';

/** The folder named by the `:folder` segment (id or well-known name), or Graph's 404. */
export function requireFolder(ctx: RouteContext, ref = ctx.params.folder ?? ''): Folder {
  const folder = ctx.mailbox.findFolder(ref);
  if (!folder) throw itemNotFound();
  return folder;
}

/** The message named by the `:message` segment (REST or immutable id), or Graph's 400/404. */
export function requireMessage(ctx: RouteContext): MessageRecord {
  const found = ctx.mailbox.findMessage(ctx.params.message ?? '');
  if (found === 'malformed') throw idMalformed();
  if (!found) throw itemNotFound();
  if (ctx.params.folder !== undefined && requireFolder(ctx).index !== found.folder) throw itemNotFound();
  return found;
}

/** `Preference-Applied` for the body-content-type preference, echoed as Graph does (message-get.md). */
export function preferenceApplied(ctx: RouteContext): Record<string, string> {
  return ctx.prefer.bodyContentType
    ? { 'Preference-Applied': `outlook.body-content-type="${ctx.prefer.bodyContentType}"` }
    : {};
}

/** Registers a message-item route also under `users/:user/mailFolders/:folder/messages/…`. */
export function withFolderVariant(routes: GraphRoute[]): GraphRoute[] {
  return routes.flatMap((route) => [
    route,
    {
      ...route,
      pattern: route.pattern.replace('users/:user/messages/', 'users/:user/mailFolders/:folder/messages/'),
    },
  ]);
}

/** A JSON answer. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): GraphResponse {
  return { status, body, headers };
}
