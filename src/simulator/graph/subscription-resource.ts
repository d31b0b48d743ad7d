import type { Mailbox } from '../tenant/mailbox.js';
import type { Tenant, TenantState } from '../tenant/state.js';
import { GraphFailure } from './errors.js';
import { splitODataPath } from './router.js';

/** What a subscription's `resource` points at. */
export interface SubscriptionTarget {
  mailbox: Mailbox;
  /** Folder index, or null for every message of the mailbox. */
  folderIndex: number | null;
}

const unsupported = (resource: string): GraphFailure =>
  new GraphFailure(
    400,
    'InvalidRequest',
    `The resource '${resource}' is not supported for subscriptions by the simulator.`,
  );

/**
 * Resolves `users/{id|upn}/mailFolders('Inbox')/messages`, `users/{id}/mailFolders/{id}/messages` or
 * `users/{id}/messages` (an optional `?$filter=` is kept in the resource but not applied).
 */
export function resolveSubscriptionResource(
  state: TenantState,
  tenant: Tenant,
  resource: string,
): SubscriptionTarget {
  const [path = ''] = resource.split('?');
  const segments = splitODataPath(path);
  const head = segments[0]?.toLowerCase();
  if (head === 'me') {
    throw new GraphFailure(
      400,
      'BadRequest',
      '/me request is only valid with delegated authentication flow.',
    );
  }
  if (head !== 'users' || segments.length < 3) throw unsupported(resource);
  const userRef = segments[1] ?? '';
  const mailbox = state.findMailbox(tenant, userRef);
  // Outlook wraps the mailbox errors of subscription creation in a 404 ExtensionError (where messages answer
  // ErrorInvalidUser or MailboxNotEnabledForRESTAPI), as reported in microsoftgraph/microsoft-graph-docs#6869.
  const notFound = (reason: string) =>
    new GraphFailure(
      404,
      'ExtensionError',
      `Operation: Create; Exception: [Status Code: NotFound; Reason: ${reason}]`,
    );
  if (!mailbox) throw notFound(`The requested user '${userRef}' is invalid.`);
  if (!mailbox.mailboxEnabled) throw notFound('REST API is not yet supported for this mailbox.');
  const rest = segments.slice(2).map((s) => s.toLowerCase());
  if (rest.length === 1 && rest[0] === 'messages') return { mailbox, folderIndex: null };
  if (rest.length === 3 && rest[0] === 'mailfolders' && rest[2] === 'messages') {
    const folder = mailbox.findFolder(segments[3] ?? '');
    if (!folder)
      throw new GraphFailure(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    return { mailbox, folderIndex: folder.index };
  }
  throw unsupported(resource);
}
