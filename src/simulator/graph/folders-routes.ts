import type { Folder } from '../tenant/folders.js';
import type { Mailbox } from '../tenant/mailbox.js';
import type { GraphRoute, RouteContext } from './context.js';
import { json, requireFolder } from './message-lookup.js';

function renderFolder(mailbox: Mailbox, folder: Folder): Record<string, unknown> {
  const inside = mailbox.listFolder(folder);
  return {
    id: folder.id,
    displayName: folder.displayName,
    parentFolderId: folder.parent >= 0 ? mailbox.folderByIndex(folder.parent).id : folder.id,
    childFolderCount: mailbox.folders.filter((f) => f.parent === folder.index).length,
    unreadItemCount: inside.filter((r) => !r.isRead).length,
    totalItemCount: inside.length,
    sizeInBytes: inside.reduce((sum, r) => sum + r.size, 0),
    isHidden: folder.hidden,
  };
}

function listFolders(ctx: RouteContext) {
  // mailfolder-list.md: the top-level folders of the mailbox, i.e. the children of msgfolderroot.
  const folders = ctx.mailbox.folders.filter((f) => f.parent === 0);
  return json(200, {
    '@odata.context': `${ctx.request.origin}/v1.0/$metadata#users('${ctx.params.user}')/mailFolders`,
    value: folders.map((f) => renderFolder(ctx.mailbox, f)),
  });
}

function getFolder(ctx: RouteContext) {
  const folder = requireFolder(ctx);
  return json(200, {
    '@odata.context': `${ctx.request.origin}/v1.0/$metadata#users('${ctx.params.user}')/mailFolders/$entity`,
    ...renderFolder(ctx.mailbox, folder),
  });
}

/** Mail folder list and get routes (ids and well-known names). */
export const folderRoutes: GraphRoute[] = [
  {
    method: 'GET',
    pattern: 'users/:user/mailFolders',
    operation: 'mail-folders.list',
    permission: 'readBasic',
    handler: listFolders,
  },
  {
    method: 'GET',
    pattern: 'users/:user/mailFolders/:folder',
    operation: 'mail-folder.get',
    permission: 'readBasic',
    handler: getFolder,
  },
];
