import type { SimulatorSettings } from '../core.js';
import type { SimClock } from '../sim-clock.js';

/** A change type a subscription can ask for. */
export type ChangeType = 'created' | 'updated' | 'deleted';

/** A Graph subscription on a mailbox folder (or on all of a mailbox's messages). */
export interface Subscription {
  id: string;
  resource: string;
  changeType: string;
  changeTypes: ReadonlySet<ChangeType>;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  expirationMs: number;
  clientState: string | null;
  applicationId: string;
  creatorId: string;
  tenantId: string;
  mailboxId: string;
  mailboxUpn: string;
  /** Folder index, or null for `users/{id}/messages` (every visible folder). */
  folderIndex: number | null;
  /** Created with `Prefer: IdType="ImmutableId"`: notifications carry immutable ids (outlook-immutable-id.md). */
  immutableIds: boolean;
  latestSupportedTlsVersion: string;
  /** Echoed as given; the simulator sends no rich notifications, so it encrypts nothing with them. */
  encryptionCertificate: string | null;
  encryptionCertificateId: string | null;
  notificationUrlAppId: string | null;
  /** After a `reauthorizationRequired` that pauses delivery, until reauthorize or renew. */
  paused: boolean;
}

/** Active subscriptions of one simulator; expiry and reauthorization reminders run on the simulated clock. */
export interface SubscriptionStore {
  add(subscription: Subscription): void;
  get(id: string): Subscription | undefined;
  list(): Subscription[];
  forMailbox(mailboxId: string): Subscription[];
  renew(subscription: Subscription, expirationMs: number): void;
  remove(id: string): Subscription | undefined;
  isActive(subscription: Subscription): boolean;
  close(): void;
}

/** Creates the store; `onExpired` fires when a subscription lapses, `onReauthorizationDue` shortly before. */
export function createSubscriptionStore(deps: {
  clock: SimClock;
  settings: SimulatorSettings;
  onExpired: (subscription: Subscription) => void;
  onReauthorizationDue: (subscription: Subscription) => void;
}): SubscriptionStore {
  const { clock, settings } = deps;
  const subscriptions = new Map<string, Subscription>();
  const timers = new Map<string, number[]>();

  const clearTimers = (id: string): void => {
    for (const timer of timers.get(id) ?? []) clock.clearTimer(timer);
    timers.delete(id);
  };
  const arm = (sub: Subscription): void => {
    clearTimers(sub.id);
    const now = clock.nowMs();
    const list: number[] = [];
    // Graph deletes a subscription that was not renewed in time; it then delivers nothing (graph-protocol.md §B.3).
    list.push(
      clock.setTimer(sub.expirationMs - now, () => {
        if (subscriptions.get(sub.id) === sub) {
          subscriptions.delete(sub.id);
          timers.delete(sub.id);
          deps.onExpired(sub);
        }
      }),
    );
    const reauthAt = sub.expirationMs - settings.reauthorizationLeadMs;
    if (sub.lifecycleNotificationUrl && reauthAt > now) {
      list.push(
        clock.setTimer(
          reauthAt - now,
          () => subscriptions.get(sub.id) === sub && deps.onReauthorizationDue(sub),
        ),
      );
    }
    timers.set(sub.id, list);
  };

  return {
    add(subscription) {
      subscriptions.set(subscription.id, subscription);
      arm(subscription);
    },
    get: (id) => subscriptions.get(id.toLowerCase()),
    list: () => [...subscriptions.values()],
    forMailbox: (mailboxId) => [...subscriptions.values()].filter((s) => s.mailboxId === mailboxId),
    renew(subscription, expirationMs) {
      subscription.expirationMs = expirationMs;
      subscription.paused = false;
      arm(subscription);
    },
    remove(id) {
      const sub = subscriptions.get(id.toLowerCase());
      if (!sub) return undefined;
      subscriptions.delete(sub.id);
      clearTimers(sub.id);
      return sub;
    },
    isActive: (subscription) =>
      subscriptions.get(subscription.id) === subscription && subscription.expirationMs > clock.nowMs(),
    close() {
      for (const id of timers.keys()) clearTimers(id);
      subscriptions.clear();
    },
  };
}
