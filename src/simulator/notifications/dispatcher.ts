import type { Logger } from '../../shared/index.js';
import type { SimulatorSettings } from '../core.js';
import type { FaultInjector } from '../faults.js';
import type { RequestLog } from '../request-log.js';
import type { SimClock } from '../sim-clock.js';
import type { ChangeNotificationJson, LifecycleNotificationJson } from './notification-json.js';
import type { SubscriptionStore } from './subscription-store.js';

/** One item of a changeNotificationCollection, with what the dispatcher needs to route and fault it. */
export interface NotificationItem {
  subscriptionId: string;
  payload: ChangeNotificationJson | LifecycleNotificationJson;
  /** UPN and id of the mailbox, for fault scoping and the request log. */
  mailbox: string[];
  lifecycle: boolean;
}

/** Delivers notifications: batched per URL, retried with exponential backoff, shaped by notification faults. */
export interface NotificationDispatcher {
  enqueue(url: string, item: NotificationItem): void;
  /** Re-sends what was held while a subscription was paused. */
  release(subscriptionId: string): void;
  /** Items waiting in batches, in retries or held. */
  pendingCount(): number;
  close(): void;
}

interface Attempt {
  url: string;
  items: NotificationItem[];
  attempt: number;
  firstAttemptMs: number;
}

const maxItemsPerPost = 100;

/** Creates the dispatcher of one simulator. */
export function createNotificationDispatcher(deps: {
  clock: SimClock;
  settings: SimulatorSettings;
  faults: FaultInjector;
  requestLog: RequestLog;
  subscriptions: SubscriptionStore;
  log: Logger;
  closing: AbortSignal;
  /** Notifications were given up on: Graph then sends `missed` (change-notifications-lifecycle-events.md). */
  onMissed: (subscriptionIds: string[]) => void;
  /** A `removeSubscription` fault fired. */
  onRemoveSubscription: (subscriptionId: string) => void;
}): NotificationDispatcher {
  const { clock, settings } = deps;
  const pending = new Map<string, NotificationItem[]>();
  const flushTimers = new Map<string, number>();
  const held = new Map<string, Array<{ url: string; item: NotificationItem }>>();
  const timers = new Set<number>();
  let inFlight = 0;
  let retrying = 0;

  const later = (delayMs: number, fn: () => void): void => {
    const id = clock.setTimer(delayMs, () => {
      timers.delete(id);
      fn();
    });
    timers.add(id);
  };

  const deliverable = (item: NotificationItem): boolean => {
    if (item.lifecycle) return true;
    const sub = deps.subscriptions.get(item.subscriptionId);
    return sub !== undefined && deps.subscriptions.isActive(sub);
  };

  const post = async (attempt: Attempt): Promise<void> => {
    const items = attempt.items.filter(deliverable);
    if (items.length === 0 || deps.closing.aborted) return;
    const started = clock.nowMs();
    const realStart = performance.now();
    let status = 0;
    inFlight += items.length;
    try {
      const response = await fetch(attempt.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ value: items.map((i) => i.payload) }),
        signal: AbortSignal.any([AbortSignal.timeout(settings.deliveryTimeoutMs), deps.closing]),
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch {
      status = 0;
    } finally {
      inFlight -= items.length;
    }
    deps.requestLog.add({
      kind: 'notification',
      method: 'POST',
      path: attempt.url,
      status,
      operation: items.every((i) => i.lifecycle) ? 'notification.lifecycle' : 'notification.deliver',
      mailbox: items[0]?.mailbox[0],
      batchItemCount: items.length,
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(clock.nowMs()).toISOString(),
      durationMs: Math.round((performance.now() - realStart) * 100) / 100,
    });
    if ((status >= 200 && status < 300) || deps.closing.aborted) return;
    // Non-2xx or slower than 3 s: retry with exponential backoff for up to 4 hours, then give up
    // (change-notifications-delivery-webhooks.md, graph-protocol.md §C.2).
    const delay = settings.retryInitialDelayMs * 2 ** (attempt.attempt - 1);
    if (clock.nowMs() + delay - attempt.firstAttemptMs > settings.retryMaxElapsedMs) {
      deps.log.warn({ url: attempt.url, attempts: attempt.attempt }, 'simulator: notifications given up');
      const ids = [...new Set(items.filter((i) => !i.lifecycle).map((i) => i.subscriptionId))];
      if (ids.length > 0) deps.onMissed(ids);
      return;
    }
    retrying += items.length;
    later(delay, () => {
      retrying -= items.length;
      void post({ ...attempt, items, attempt: attempt.attempt + 1 });
    });
  };

  const flush = (url: string): void => {
    flushTimers.delete(url);
    const items = pending.get(url) ?? [];
    pending.delete(url);
    const ready: NotificationItem[] = [];
    for (const item of items) {
      const sub = item.lifecycle ? undefined : deps.subscriptions.get(item.subscriptionId);
      if (sub?.paused) {
        const list = held.get(sub.id) ?? [];
        list.push({ url, item });
        held.set(sub.id, list);
      } else {
        ready.push(item);
      }
    }
    for (let i = 0; i < ready.length; i += maxItemsPerPost) {
      void post({
        url,
        items: ready.slice(i, i + maxItemsPerPost),
        attempt: 1,
        firstAttemptMs: clock.nowMs(),
      });
    }
  };

  const queue = (url: string, item: NotificationItem): void => {
    const list = pending.get(url) ?? [];
    list.push(item);
    pending.set(url, list);
    if (!flushTimers.has(url))
      flushTimers.set(
        url,
        clock.setTimer(settings.notificationBatchWindowMs, () => flush(url)),
      );
  };

  return {
    enqueue(url, item) {
      if (item.lifecycle) return queue(url, item);
      const decision = deps.faults.forNotification({ mailbox: item.mailbox });
      if (decision.removeSubscription) {
        deps.onRemoveSubscription(item.subscriptionId);
        return;
      }
      if (decision.drop) return;
      if (decision.delayMs > 0) later(decision.delayMs, () => queue(url, item));
      else queue(url, item);
      // A duplicate arrives in a later POST, as Graph's retries do.
      if (decision.duplicate)
        later(decision.delayMs + settings.notificationBatchWindowMs * 4, () => queue(url, item));
    },
    release(subscriptionId) {
      const list = held.get(subscriptionId) ?? [];
      held.delete(subscriptionId);
      for (const { url, item } of list) queue(url, item);
    },
    pendingCount: () =>
      [...pending.values()].reduce((s, l) => s + l.length, 0) +
      [...held.values()].reduce((s, l) => s + l.length, 0) +
      inFlight +
      retrying,
    close() {
      for (const id of flushTimers.values()) clock.clearTimer(id);
      for (const id of timers) clock.clearTimer(id);
      flushTimers.clear();
      timers.clear();
      pending.clear();
      held.clear();
    },
  };
}
