import type { Logger } from '../shared/index.js';
import type { SigningKeys } from './entra/signing-keys.js';
import type { FaultInjector } from './faults.js';
import type { NotificationDispatcher } from './notifications/dispatcher.js';
import type { SubscriptionStore } from './notifications/subscription-store.js';
import type { SeededRandom } from './random.js';
import type { RequestLog } from './request-log.js';
import type { SimClock } from './sim-clock.js';
import type { MailboxBudgetSetting } from './graph/mailbox-budget.js';
import type { MessageFactory } from './tenant/message-factory.js';
import type { MessagePartsLoader } from './tenant/message-parts.js';
import type { TenantState } from './tenant/state.js';

/** Tunable behaviour of one simulator; defaults follow graph-protocol.md. */
export interface SimulatorSettings {
  /** Longest subscription lifetime accepted (ExtensionError beyond); 10,070 as observed in 2026. */
  maxSubscriptionMinutes: number;
  /** Shorter requested lifetimes are raised to this (subscription resource docs: 45 minutes). */
  minSubscriptionMinutes: number;
  /** The receiver must answer the validation handshake within this many real milliseconds. */
  validationTimeoutMs: number;
  /** A notification POST slower than this (real ms) counts as failed and is retried. */
  deliveryTimeoutMs: number;
  /** Notifications pending together within this window (simulated ms) share one POST. */
  notificationBatchWindowMs: number;
  /** First retry delay (simulated ms); it doubles per attempt. */
  retryInitialDelayMs: number;
  /** Retries stop, and `missed` is sent, once this much simulated time passed since the first attempt. */
  retryMaxElapsedMs: number;
  /** `reauthorizationRequired` is sent this long (simulated) before a subscription expires. */
  reauthorizationLeadMs: number;
  /** Graph requires https notification URLs; the simulator allows http unless this is set. */
  requireHttpsNotificationUrl: boolean;
  /** Outlook allows 4 concurrent requests per app and mailbox (throttling limits), then answers 429. */
  mailboxConcurrencyLimit: number;
  /**
   * Outlook allows 10,000 requests per 10 minutes per app and mailbox, then answers 429 `ApplicationThrottled`.
   * Off (null) by default: tests and benchmarks that flood one mailbox would hit it; turn it on to check a client.
   */
  mailboxRequestBudget: MailboxBudgetSetting | null;
  /** The request log keeps this many entries (the oldest drop first). */
  requestLogLimit: number;
  /** Outlook allows 1,000 subscriptions per mailbox across all apps. */
  maxSubscriptionsPerMailbox: number;
}

/** The parts of one simulator that routes and services share; every piece lives in the instance. */
export interface SimulatorCore {
  readonly state: TenantState;
  readonly clock: SimClock;
  readonly random: SeededRandom;
  readonly faults: FaultInjector;
  readonly requestLog: RequestLog;
  readonly parts: MessagePartsLoader;
  readonly factory: MessageFactory;
  readonly keys: SigningKeys;
  readonly subscriptions: SubscriptionStore;
  readonly dispatcher: NotificationDispatcher;
  readonly settings: SimulatorSettings;
  readonly log: Logger;
  /** Signals the end of the simulator to outbound requests in flight. */
  readonly closing: AbortSignal;
}
