import type { SubscriptionRow } from './resource-repository.js';

/** What an admin sees of a mailbox's health (the seed's Active / Expired / Inactive, plus Error with a reason). */
export type ResourceState = 'Active' | 'Expired' | 'Inactive' | 'Error';

/** Derives a resource's state from its inactive flag and its subscription at `now`. */
export function resourceStateOf(
  inactive: boolean,
  subscription: SubscriptionRow | undefined,
  now: Date,
): { state: ResourceState; reason: string | null } {
  if (inactive) return { state: 'Inactive', reason: null };
  if (!subscription || subscription.state === 'none') {
    return { state: 'Error', reason: subscription?.last_error ?? 'no subscription yet: run Sync & Save' };
  }
  const expired = !subscription.expires_at || new Date(subscription.expires_at) <= now;
  if (subscription.state === 'expired' || (subscription.subscription_id && expired)) {
    return { state: 'Expired', reason: subscription.last_error };
  }
  if (subscription.state === 'error') return { state: 'Error', reason: subscription.last_error };
  return { state: 'Active', reason: null };
}
