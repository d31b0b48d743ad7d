import type { Kysely, Selectable } from 'kysely';
import type { Database, ResourcesTable, ResourceSubscriptionsTable } from '../../store/index.js';

/** A stored resource row. */
export type ResourceRow = Selectable<ResourcesTable>;
/** A stored subscription row. */
export type SubscriptionRow = Selectable<ResourceSubscriptionsTable>;

/** Reads one resource by id. */
export function findResource(db: Kysely<Database>, id: string): Promise<ResourceRow | undefined> {
  return db.selectFrom('resources').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Reads one resource by client and (lower-cased) address. */
export function findResourceByEmail(
  db: Kysely<Database>,
  clientName: string,
  email: string,
): Promise<ResourceRow | undefined> {
  return db
    .selectFrom('resources')
    .selectAll()
    .where('client_name', '=', clientName)
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst();
}

/** Lists resources, optionally of one client, by address. */
export function listResourceRows(db: Kysely<Database>, clientName?: string): Promise<ResourceRow[]> {
  let query = db.selectFrom('resources').selectAll().orderBy('client_name').orderBy('email');
  if (clientName) query = query.where('client_name', '=', clientName);
  return query.execute();
}

/** Reads the subscription row of a resource. */
export function findSubscription(
  db: Kysely<Database>,
  resourceId: string,
): Promise<SubscriptionRow | undefined> {
  return db
    .selectFrom('resource_subscriptions')
    .selectAll()
    .where('resource_id', '=', resourceId)
    .executeTakeFirst();
}

const subscriptionsWithResources = (db: Kysely<Database>) =>
  db
    .selectFrom('resource_subscriptions as s')
    .innerJoin('resources as r', 'r.id', 's.resource_id')
    .select([
      's.resource_id',
      's.subscription_id',
      's.client_state',
      'r.inactive',
      'r.client_name',
      'r.email',
    ]);

/** Reads subscription rows with their resources, for notification intake (by Graph subscription id). */
export function findSubscriptionsByGraphIds(db: Kysely<Database>, subscriptionIds: string[]) {
  if (subscriptionIds.length === 0) return Promise.resolve([]);
  return subscriptionsWithResources(db).where('s.subscription_id', 'in', subscriptionIds).execute();
}

/**
 * Rows whose subscription is being created, by clientState: Graph's new subscription announces mail before its
 * id is stored, and only its clientState (written before the create, a 256-bit secret) ties it to the resource.
 */
export function findSubscriptionsByClientStates(db: Kysely<Database>, clientStates: string[]) {
  if (clientStates.length === 0) return Promise.resolve([]);
  return subscriptionsWithResources(db)
    .where('s.subscription_id', 'is', null)
    .where('s.client_state', 'in', clientStates)
    .execute();
}

/** Updates the subscription row of a resource. */
export async function updateSubscription(
  db: Kysely<Database>,
  resourceId: string,
  patch: Partial<Omit<SubscriptionRow, 'resource_id' | 'created_at'>>,
): Promise<void> {
  await db.updateTable('resource_subscriptions').set(patch).where('resource_id', '=', resourceId).execute();
}

/** A watched mailbox as other modules see it: which resource, of which client, at which address. */
export interface WatchedMailbox {
  id: string;
  clientName: string;
  /** Lower-cased. */
  email: string;
}

const mailboxOf = (row: Pick<ResourceRow, 'id' | 'client_name' | 'email'>): WatchedMailbox => ({
  id: row.id,
  clientName: row.client_name,
  email: row.email,
});

/** The watched mailbox of a resource id; null when there is none. */
export async function findWatchedMailbox(db: Kysely<Database>, id: string): Promise<WatchedMailbox | null> {
  const row = await db
    .selectFrom('resources')
    .select(['id', 'client_name', 'email'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? mailboxOf(row) : null;
}

/** The watched mailbox at an address (any client), an active one before an inactive one; null when none. */
export async function findWatchedMailboxByAddress(
  db: Kysely<Database>,
  address: string,
): Promise<WatchedMailbox | null> {
  const row = await db
    .selectFrom('resources')
    .select(['id', 'client_name', 'email'])
    .where('email', '=', address.toLowerCase())
    .orderBy('inactive')
    .executeTakeFirst();
  return row ? mailboxOf(row) : null;
}

/** Every watched mailbox of every client, active or not. */
export async function listWatchedMailboxes(
  db: Kysely<Database>,
  clientName?: string,
): Promise<WatchedMailbox[]> {
  let query = db.selectFrom('resources').select(['id', 'client_name', 'email']);
  if (clientName !== undefined) query = query.where('client_name', '=', clientName);
  return (await query.execute()).map(mailboxOf);
}
