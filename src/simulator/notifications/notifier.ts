import type { SeededRandom } from '../random.js';
import type { SimClock } from '../sim-clock.js';
import { encodeChangeKey } from '../tenant/ids.js';
import type { MailboxChange } from '../tenant/mailbox.js';
import type { LifecycleEventName } from '../types.js';
import type { NotificationDispatcher } from './dispatcher.js';
import type { Subscription, SubscriptionStore } from './subscription-store.js';

/** Graph writes subscription expiry with seven fractional digits ("2016-11-20T18:23:45.9356913Z"). */
export function subscriptionDate(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '0000Z');
}

/** Turns mailbox changes and lifecycle events into notification items for the dispatcher. */
export interface Notifier {
  onMailboxChange(change: MailboxChange): void;
  sendLifecycle(subscription: Subscription, event: LifecycleEventName): boolean;
}

/** Creates the notifier of one simulator. */
export function createNotifier(deps: {
  clock: SimClock;
  subscriptions: SubscriptionStore;
  dispatcher: NotificationDispatcher;
  /** Draws the notification ids. */
  random: SeededRandom;
}): Notifier {
  // Graph's ids are short opaque strings ("lsgTZMr9KwAAA" in the docs' example).
  const notificationId = (): string => Buffer.from(deps.random.hex(18), 'hex').toString('base64url');
  return {
    onMailboxChange(change) {
      for (const sub of deps.subscriptions.forMailbox(change.mailbox.id)) {
        if (!deps.subscriptions.isActive(sub) || !sub.changeTypes.has(change.type)) continue;
        if (sub.folderIndex === null ? change.folder.hidden : sub.folderIndex !== change.folder.index)
          continue;
        const id = change.mailbox.versionedId(change.record.seq, change.version, sub.immutableIds);
        // Basic Outlook notifications carry only the id; shape of notification-created-outlook.json (§C.1).
        const resource = `Users/${change.mailbox.id}/Messages/${id}`;
        deps.dispatcher.enqueue(sub.notificationUrl, {
          subscriptionId: sub.id,
          mailbox: [change.mailbox.upn, change.mailbox.id],
          lifecycle: false,
          payload: {
            id: notificationId(),
            subscriptionId: sub.id,
            subscriptionExpirationDateTime: subscriptionDate(sub.expirationMs),
            clientState: sub.clientState,
            changeType: change.type,
            resource,
            tenantId: sub.tenantId,
            resourceData: {
              '@odata.type': '#Microsoft.Graph.Message',
              '@odata.id': resource,
              '@odata.etag': `W/"${encodeChangeKey(change.record.seq, change.record.changeSeq)}"`,
              id,
            },
          },
        });
      }
    },
    sendLifecycle(sub, event) {
      if (!sub.lifecycleNotificationUrl) return false;
      deps.dispatcher.enqueue(sub.lifecycleNotificationUrl, {
        subscriptionId: sub.id,
        mailbox: [sub.mailboxUpn, sub.mailboxId],
        lifecycle: true,
        payload: {
          lifecycleEvent: event,
          subscriptionId: sub.id,
          subscriptionExpirationDateTime: subscriptionDate(sub.expirationMs),
          clientState: sub.clientState,
          tenantId: sub.tenantId,
        },
      });
      return true;
    },
  };
}
