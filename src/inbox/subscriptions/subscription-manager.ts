import { randomBytes } from 'node:crypto';
import { GraphNotFound, SubscriptionNotConfigured, isAppError } from '../../errors/index.js';
import { isoNow } from '../../shared/index.js';
import type { InboxDeps } from '../inbox-deps.js';
import { inboxJobs } from '../inbox-jobs.js';
import { findResource, findSubscription, updateSubscription } from '../resources/resource-repository.js';

/** What one ensure did to a resource's subscription (one line of Sync & Save history). */
type EnsureOutcome = 'created' | 'renewed' | 'recreated' | 'unchanged' | 'failed' | 'skipped';

/** The outcome with its error, when it failed. */
export interface EnsureResult {
  resourceId: string;
  email: string;
  outcome: EnsureOutcome;
  error: string | null;
  expiresAt: string | null;
}

/** The point after which a subscription is renewed: half of its lifetime (EmailEngine renews before half-life). */
function isPastHalfLife(sub: { renewed_at: string | null; expires_at: string | null }, now: Date): boolean {
  if (!sub.expires_at || !sub.renewed_at) return true;
  const start = new Date(sub.renewed_at).getTime();
  const end = new Date(sub.expires_at).getTime();
  return now.getTime() >= start + (end - start) / 2;
}

const changedWhileSubscribing =
  'the resource changed while subscribing; its current mailbox is subscribed by another run';

/** Creates, renews and recreates the Graph subscriptions of resources. */
export function createSubscriptionManager(deps: InboxDeps) {
  const { store, clock, log, queue } = deps;

  const urls = () => {
    if (!deps.publicUrl) {
      throw SubscriptionNotConfigured.create({
        reason:
          'PUBLIC_URL (server.public_url) is not set; Graph needs an https address to send notifications to',
      });
    }
    const base = deps.publicUrl.replace(/\/$/, '');
    return {
      notificationUrl: `${base}/graph/notifications`,
      lifecycleNotificationUrl: `${base}/graph/lifecycle`,
    };
  };

  /**
   * Creates a Graph subscription and keeps it only while the resource still watches `email`. Its clientState is
   * written first, so a notification that outruns our write of the subscription id is still accepted (intake
   * matches it by clientState), and it is the token of a compare-and-set: a change of mailbox, or another
   * create for the same resource, replaces it, and the subscription that lost is deleted again. Returns its
   * expiry, or null when it lost.
   */
  const create = async (resourceId: string, clientName: string, email: string) => {
    const clientState = randomBytes(32).toString('base64url');
    const claimed = await store.db
      .updateTable('resource_subscriptions')
      // Called when there is no live subscription (none yet, or Graph no longer knows the stored one).
      .set({ subscription_id: null, client_state: clientState, updated_at: isoNow(clock) })
      .where('resource_id', '=', resourceId)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('resources')
            .select('id')
            .where('id', '=', resourceId)
            .where('email', '=', email)
            .where('client_name', '=', clientName),
        ),
      )
      .executeTakeFirst();
    if (claimed.numUpdatedRows === 0n) return null;
    const created = await deps.graphFor(clientName).subscriptions.create({
      mailbox: email,
      ...urls(),
      clientState,
      expirationMinutes: deps.settings.subscriptionMinutes,
      now: clock.now(),
    });
    const now = isoNow(clock);
    const kept = await store.db
      .updateTable('resource_subscriptions')
      .set({
        subscription_id: created.id,
        expires_at: created.expirationDateTime,
        state: 'active',
        last_error: null,
        failures: 0,
        renewed_at: now,
        updated_at: now,
      })
      .where('resource_id', '=', resourceId)
      .where('client_state', '=', clientState)
      .executeTakeFirst();
    if (kept.numUpdatedRows === 0n) {
      log.info({ resourceId, email }, 'resource changed while subscribing; the new subscription is deleted');
      await removeQuietly(clientName, email, created.id);
      return null;
    }
    return created.expirationDateTime;
  };

  const remove = async (clientName: string, email: string, subscriptionId: string) => {
    try {
      await deps.graphFor(clientName).subscriptions.delete({ id: subscriptionId, mailbox: email });
    } catch (error) {
      if (!GraphNotFound.is(error)) throw error;
    }
  };

  const removeQuietly = async (clientName: string, email: string, subscriptionId: string) => {
    try {
      await remove(clientName, email, subscriptionId);
    } catch (error) {
      // It expires on its own within days; its notifications are refused (unknown subscription) meanwhile.
      log.warn({ email, subscriptionId, err: error }, 'an abandoned subscription could not be deleted');
    }
  };

  return {
    /**
     * Makes sure the resource has a live subscription: creates one, renews it past half-life (or when `force`),
     * recreates it when Graph no longer knows it. A recreated subscription is followed by a reconciliation.
     */
    async ensure(resourceId: string, options: { force?: boolean } = {}): Promise<EnsureResult> {
      const resource = await findResource(store.db, resourceId);
      if (!resource)
        return { resourceId, email: '?', outcome: 'skipped', error: 'resource removed', expiresAt: null };
      const sub = await findSubscription(store.db, resourceId);
      const result = (
        outcome: EnsureOutcome,
        expiresAt: string | null,
        error: string | null = null,
      ): EnsureResult => ({
        resourceId,
        email: resource.email,
        outcome,
        error,
        expiresAt,
      });
      const graph = deps.graphFor(resource.client_name);
      try {
        if (!sub?.subscription_id) {
          const expiresAt = await create(resourceId, resource.client_name, resource.email);
          if (expiresAt === null) return result('skipped', null, changedWhileSubscribing);
          await queue.enqueue(store.db, {
            job: inboxJobs.reconcileResource,
            payload: { resourceId, reason: 'subscribed' },
            uniqueKey: `reconcile:${resourceId}`,
          });
          return result('created', expiresAt);
        }
        if (!options.force && !isPastHalfLife(sub, clock.now())) return result('unchanged', sub.expires_at);
        try {
          const renewed = await graph.subscriptions.renew({
            id: sub.subscription_id,
            mailbox: resource.email,
            expirationMinutes: deps.settings.subscriptionMinutes,
            now: clock.now(),
          });
          const now = isoNow(clock);
          await updateSubscription(store.db, resourceId, {
            expires_at: renewed.expirationDateTime,
            state: 'active',
            last_error: null,
            failures: 0,
            renewed_at: now,
            updated_at: now,
          });
          return result('renewed', renewed.expirationDateTime);
        } catch (error) {
          if (!GraphNotFound.is(error)) throw error;
          const expiresAt = await create(resourceId, resource.client_name, resource.email);
          if (expiresAt === null) return result('skipped', null, changedWhileSubscribing);
          await queue.enqueue(store.db, {
            job: inboxJobs.reconcileResource,
            payload: { resourceId, reason: 'recreated' },
            uniqueKey: `reconcile:${resourceId}`,
          });
          return result('recreated', expiresAt);
        }
      } catch (error) {
        const message = isAppError(error) ? error.message : String(error);
        const now = clock.now();
        const expired = !sub?.expires_at || new Date(sub.expires_at) <= now;
        // Re-read: a create that failed has already let go of a subscription Graph no longer knew.
        const current = await findSubscription(store.db, resourceId);
        await updateSubscription(store.db, resourceId, {
          state: current?.subscription_id ? (expired ? 'expired' : 'active') : 'error',
          last_error: message,
          failures: (sub?.failures ?? 0) + 1,
          updated_at: now.toISOString(),
        });
        log.warn({ resourceId, email: resource.email, err: error }, 'subscription could not be ensured');
        return result('failed', sub?.expires_at ?? null, message);
      }
    },

    /** Deletes a Graph subscription (resource removed); a subscription Graph no longer knows is fine. */
    async remove(clientName: string, email: string, subscriptionId: string): Promise<void> {
      await remove(clientName, email, subscriptionId);
    },

    /**
     * Resource ids whose subscription is past half-life or missing, for the renewal sweep. Inactive resources keep
     * theirs, so their mail is recorded as Unprocessed and counted while they are inactive (the seed).
     */
    async dueForRenewal(): Promise<string[]> {
      const rows = await store.db
        .selectFrom('resource_subscriptions as s')
        .innerJoin('resources as r', 'r.id', 's.resource_id')
        .select(['s.resource_id', 's.renewed_at', 's.expires_at', 's.subscription_id', 's.state'])
        .execute();
      const now = clock.now();
      return rows
        .filter((row) => !row.subscription_id || isPastHalfLife(row, now))
        .map((row) => row.resource_id);
    },
  };
}

/** The subscription manager's type. */
export type SubscriptionManager = ReturnType<typeof createSubscriptionManager>;
