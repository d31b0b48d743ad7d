import { subscriptionDate } from '../notifications/notifier.js';
import type { Subscription } from '../notifications/subscription-store.js';

/** A subscription as Graph v1.0 returns it from POST, GET, PATCH and in lists (subscription.md). */
export interface SubscriptionJson {
  id: string;
  resource: string;
  applicationId: string;
  changeType: string;
  clientState: string | null;
  notificationUrl: string;
  notificationQueryOptions: string | null;
  lifecycleNotificationUrl: string | null;
  expirationDateTime: string;
  creatorId: string;
  includeResourceData: boolean;
  latestSupportedTlsVersion: string;
  encryptionCertificate: string | null;
  encryptionCertificateId: string | null;
  notificationUrlAppId: string | null;
  notificationContentType: string;
}

/**
 * Every property, in the order Graph writes them, with null where nothing was set. The docs' examples are
 * shortened ("truncated"); Graph sends the full set, the unset ones as null.
 */
export function renderSubscription(
  sub: Subscription,
  options: { withClientState: boolean },
): SubscriptionJson {
  return {
    id: sub.id,
    resource: sub.resource,
    applicationId: sub.applicationId,
    changeType: sub.changeType,
    // subscription-list.md / -get.md: clientState comes back null "for security purposes"; only create echoes it.
    clientState: options.withClientState ? sub.clientState : null,
    notificationUrl: sub.notificationUrl,
    // Only Universal Print subscriptions use it (subscription.md).
    notificationQueryOptions: null,
    lifecycleNotificationUrl: sub.lifecycleNotificationUrl,
    expirationDateTime: subscriptionDate(sub.expirationMs),
    creatorId: sub.creatorId,
    // Rich notifications are refused at create, so this is always false (subscription-get.md example).
    includeResourceData: false,
    latestSupportedTlsVersion: sub.latestSupportedTlsVersion,
    encryptionCertificate: sub.encryptionCertificate,
    encryptionCertificateId: sub.encryptionCertificateId,
    notificationUrlAppId: sub.notificationUrlAppId,
    // Read-only; "application/json" is the default and the only type for message notifications.
    notificationContentType: 'application/json',
  };
}
