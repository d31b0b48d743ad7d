import type { LifecycleEventName } from '../types.js';
import type { ChangeType } from './subscription-store.js';

/**
 * One basic (no resource data) change notification for a message, with the keys of the example in
 * change-notifications-delivery-webhooks.md in its order; changenotification.md lists the same properties.
 */
export interface ChangeNotificationJson {
  /** Unique per notification; a retried or duplicated delivery repeats it. */
  id: string;
  subscriptionId: string;
  subscriptionExpirationDateTime: string;
  clientState: string | null;
  changeType: ChangeType;
  resource: string;
  tenantId: string;
  resourceData: {
    '@odata.type': string;
    '@odata.id': string;
    '@odata.etag': string;
    id: string;
  };
}

/** One lifecycle notification, with the keys of the reauthorizationRequired example (webhooks-lifecycle.md). */
export interface LifecycleNotificationJson {
  lifecycleEvent: LifecycleEventName;
  subscriptionId: string;
  subscriptionExpirationDateTime: string;
  clientState: string | null;
  tenantId: string;
}
