import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { isoNow } from '../../shared/index.js';
import type { InboxDeps } from '../inbox-deps.js';
import { inboxJobs } from '../job-names.js';
import { findSubscriptionsByGraphIds } from '../resources/resource-repository.js';
import { parseNotificationBody, type NotificationItem } from './notification-body.js';

/** What intake did with one POST, for the answer, metrics and tests. */
export interface IntakeResult {
  accepted: number;
  duplicates: number;
  rejected: number;
  ignored: number;
  malformed: number;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares clientState in constant time, whatever the lengths (EmailEngine's lesson). */
export function clientStateMatches(expected: string | null, received: string | null): boolean {
  if (!expected || received === null) return false;
  return timingSafeEqual(digest(expected), digest(received));
}

/**
 * Records announced mails: each item needs a known subscription and its clientState; new mails become
 * Unprocessed ledger rows and, for active resources, fetch jobs — all in one transaction, before Graph gets 202.
 */
export function createNotificationIntake(deps: InboxDeps) {
  const { store, queue, clock, log, metrics } = deps;

  return {
    async accept(body: unknown): Promise<IntakeResult | null> {
      const parsed = parseNotificationBody(body);
      if (!parsed) return null;
      const result: IntakeResult = {
        accepted: 0,
        duplicates: 0,
        rejected: 0,
        ignored: 0,
        malformed: parsed.malformed,
      };
      const known = await findSubscriptionsByGraphIds(store.db, [
        ...new Set(parsed.items.map((item) => item.subscriptionId)),
      ]);
      const bySubscription = new Map(known.map((row) => [row.subscription_id, row]));
      const valid: Array<{ item: NotificationItem; resourceId: string; inactive: boolean }> = [];
      const seen = new Set<string>();
      for (const item of parsed.items) {
        const subscription = bySubscription.get(item.subscriptionId);
        if (!subscription || !clientStateMatches(subscription.client_state, item.clientState)) {
          result.rejected += 1;
          log.warn(
            { subscriptionId: item.subscriptionId, known: Boolean(subscription) },
            'notification rejected: unknown subscription or clientState mismatch',
          );
          continue;
        }
        if (item.changeType !== 'created') {
          result.ignored += 1;
          continue;
        }
        const key = `${subscription.resource_id}\u0000${item.messageId}`;
        if (seen.has(key)) {
          result.duplicates += 1;
          continue;
        }
        seen.add(key);
        valid.push({ item, resourceId: subscription.resource_id, inactive: subscription.inactive === 1 });
      }

      if (valid.length > 0) {
        const now = isoNow(clock);
        await store.transaction(async (trx) => {
          for (const { item, resourceId, inactive } of valid) {
            const inserted = await trx
              .insertInto('messages')
              .values({
                id: randomUUID(),
                resource_id: resourceId,
                graph_message_id: item.messageId,
                status: 'unprocessed',
                source: 'notification',
                attempts: 0,
                is_processed_duplicate: 0,
                first_seen_at: now,
                created_at: now,
                updated_at: now,
              })
              .onConflict((oc) => oc.columns(['resource_id', 'graph_message_id']).doNothing())
              .returning('id')
              .executeTakeFirst();
            if (!inserted) {
              result.duplicates += 1;
              continue;
            }
            result.accepted += 1;
            if (!inactive) {
              await queue.enqueue(trx, {
                name: inboxJobs.processMessage,
                payload: { ledgerId: inserted.id, kind: 'notification' },
                uniqueKey: `process:${inserted.id}`,
                maxAttempts: deps.settings.processAttempts,
              });
            }
          }
          const resourceIds = [...new Set(valid.map((v) => v.resourceId))];
          await trx
            .updateTable('resource_subscriptions')
            .set({ last_notification_at: now })
            .where('resource_id', 'in', resourceIds)
            .execute();
        });
      }
      for (const [outcome, n] of Object.entries(result)) if (n > 0) metrics.count(outcome, n);
      return result;
    },
  };
}

/** The intake's type. */
export type NotificationIntake = ReturnType<typeof createNotificationIntake>;
