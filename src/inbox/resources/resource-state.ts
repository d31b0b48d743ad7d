import type { ResourceHealth } from './resource-health.js';
import type { SubscriptionRow } from './resource-repository.js';

/**
 * What an admin sees of a mailbox's health: the seed's Active / Expired / Inactive, Error with a reason, and
 * Degraded — subscribed, but recently missing notifications or unable to remove processed mail from the Inbox.
 */
export type ResourceState = 'Active' | 'Degraded' | 'Expired' | 'Inactive' | 'Error';

/** Every state, in the order the metrics list them. */
export const resourceStates: readonly ResourceState[] = Object.freeze([
  'Active',
  'Degraded',
  'Expired',
  'Inactive',
  'Error',
]);

/** Why an otherwise active resource is Degraded, or null when it is healthy. */
function degradedReason(health: ResourceHealth): string | null {
  const reasons: string[] = [];
  const { missed, disposalFailures } = health;
  if (missed.recent > 0) {
    reasons.push(
      `reconciliation found ${missed.recent} mail(s) that no notification announced in the last 24 h (last at ${missed.lastAt})`,
    );
  }
  if (disposalFailures.count > 0) {
    reasons.push(
      `${disposalFailures.count} processed mail(s) could not be removed from the Inbox: ${disposalFailures.lastErrorCode ?? 'error'}` +
        (disposalFailures.hint ? ` — ${disposalFailures.hint}` : ''),
    );
  }
  return reasons.length > 0 ? reasons.join('; ') : null;
}

/** Derives a resource's state from its inactive flag, its subscription and its health at `now`. */
export function resourceStateOf(
  inactive: boolean,
  subscription: SubscriptionRow | undefined,
  now: Date,
  health: ResourceHealth,
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
  const degraded = degradedReason(health);
  if (degraded) return { state: 'Degraded', reason: degraded };
  return { state: 'Active', reason: null };
}
