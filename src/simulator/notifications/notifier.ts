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
}): Notifier {
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
            subscriptionId: sub.id,
            subscriptionExpirationDateTime: subscriptionDate(sub.expirationMs),
            changeType: change.type,
            resource,
            resourceData: {
              '@odata.type': '#Microsoft.Graph.Message',
              '@odata.id': resource,
              '@odata.etag': `W/"${encodeChangeKey(change.record.seq, change.record.changeSeq)}"`,
              id,
            },
            clientState: sub.clientState,
            tenantId: sub.tenantId,
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
          subscriptionId: sub.id,
          subscriptionExpirationDateTime: subscriptionDate(sub.expirationMs),
          tenantId: sub.tenantId,
          clientState: sub.clientState,
          lifecycleEvent: event,
        },
      });
      return true;
    },
  };
}
