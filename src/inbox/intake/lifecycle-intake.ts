import { isoNow } from '../../shared/index.js';
import type { InboxDeps } from '../inbox-deps.js';
import { inboxJobs } from '../inbox-jobs.js';
import { findSubscriptionsByGraphIds } from '../resources/resource-repository.js';
import { shortString } from './notification-body.js';
import { clientStateMatches } from './notification-intake.js';

/** What lifecycle intake did with one POST. */
interface LifecycleResult {
  handled: number;
  rejected: number;
  ignored: number;
}

interface LifecycleItem {
  subscriptionId: string;
  clientState: string | null;
  lifecycleEvent: string;
}

function parseLifecycleBody(body: unknown): LifecycleItem[] | null {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { value?: unknown }).value))
    return null;
  return (
    (body as { value: unknown[] }).value.slice(0, 1000) as Array<Record<string, unknown> | null>
  ).flatMap((raw) =>
    raw && shortString(raw.subscriptionId, 200) !== null && typeof raw.lifecycleEvent === 'string'
      ? [
          {
            subscriptionId: raw.subscriptionId as string,
            clientState: typeof raw.clientState === 'string' ? raw.clientState : null,
            lifecycleEvent: raw.lifecycleEvent,
          },
        ]
      : [],
  );
}

/**
 * Lifecycle events (graph-protocol §D): `reauthorizationRequired` → renew now; `subscriptionRemoved` → forget the
 * subscription, create a new one and reconcile; `missed` → reconcile. Work is queued; Graph gets 202 at once.
 */
export function createLifecycleIntake(deps: InboxDeps) {
  const { store, queue, clock, log } = deps;
  return {
    async accept(body: unknown): Promise<LifecycleResult | null> {
      const items = parseLifecycleBody(body);
      if (!items) return null;
      const result: LifecycleResult = { handled: 0, rejected: 0, ignored: 0 };
      const known = await findSubscriptionsByGraphIds(store.db, [
        ...new Set(items.map((i) => i.subscriptionId)),
      ]);
      const bySubscription = new Map(known.map((row) => [row.subscription_id, row]));
      await store.transaction(async (trx) => {
        for (const item of items) {
          const sub = bySubscription.get(item.subscriptionId);
          if (!sub || !clientStateMatches(sub.client_state, item.clientState)) {
            result.rejected += 1;
            log.warn({ subscriptionId: item.subscriptionId }, 'lifecycle notification rejected');
            continue;
          }
          const resourceId = sub.resource_id;
          const reconcile = () =>
            queue.enqueue(trx, {
              job: inboxJobs.reconcileResource,
              payload: { resourceId, reason: item.lifecycleEvent },
              uniqueKey: `reconcile:${resourceId}`,
            });
          const ensure = (force: boolean) =>
            queue.enqueue(trx, {
              job: inboxJobs.ensureSubscription,
              payload: { resourceId, trigger: item.lifecycleEvent, force },
              uniqueKey: `subscription:${resourceId}`,
            });
          if (item.lifecycleEvent === 'reauthorizationRequired') {
            await ensure(true);
          } else if (item.lifecycleEvent === 'subscriptionRemoved') {
            await trx
              .updateTable('resource_subscriptions')
              .set({ subscription_id: null, client_state: null, state: 'expired', updated_at: isoNow(clock) })
              .where('resource_id', '=', resourceId)
              .execute();
            await ensure(false);
            await reconcile();
          } else if (item.lifecycleEvent === 'missed') {
            await reconcile();
          } else {
            result.ignored += 1;
            continue;
          }
          result.handled += 1;
        }
      });
      deps.metrics.count('lifecycle', result.handled);
      if (result.rejected > 0) deps.metrics.count('rejected', result.rejected);
      return result;
    },
  };
}
