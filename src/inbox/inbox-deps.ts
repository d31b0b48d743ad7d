import type { AppConfig } from '../config/index.js';
import type { EgressGuard } from '../egress/index.js';
import type { GraphClient } from '../graph/index.js';
import type { HandlerDirectory } from '../handlers/index.js';
import type { JobQueue } from '../jobs/index.js';
import type { Clock, Logger } from '../shared/index.js';
import type { Store } from '../store/index.js';
import type { InboxMetrics } from './inbox-metrics.js';

/** Tunable behaviour of the pipeline; defaults suit production. */
export interface InboxSettings {
  /** Longest a handler may run before the mail is Failed. */
  handlerTimeoutMs: number;
  /** Lifetime asked for a subscription; clamped to what Graph allows. */
  subscriptionMinutes: number;
  /** Unprocessed for longer than this counts as a problem in the status summary (the seed: 5 minutes). */
  unprocessedProblemAfterMs: number;
  /** A resource whose reconciliation found unannounced mail within this window is Degraded (24 hours). */
  missedMailWindowMs: number;
  /** Attempts of a fetch-and-handle job whose handler asks to be retried later (external endpoints down). */
  processAttempts: number;
  /** Cron of the reconciliation safety net (the seed's hourly task). */
  reconcileCron: string;
  /** Cron of the renewal sweep (renews subscriptions past half-life). */
  renewCron: string;
  /**
   * Spacing of the fetch jobs a reconciliation queues for one mailbox. A backlog found after an outage is paced
   * near Graph's per-mailbox budget instead of queued at once, so the jobs of every mailbox interleave (jobs run in
   * `run_at` order) and no mailbox's 2,000 mails hold every worker slot waiting for its four Graph requests.
   */
  reconcilePaceMs: number;
}

/** Defaults: 2-minute handlers, about a week of subscription, reconciliation hourly, renewal check every minute. */
export const defaultInboxSettings: InboxSettings = {
  handlerTimeoutMs: 120_000,
  subscriptionMinutes: 10_070,
  unprocessedProblemAfterMs: 5 * 60_000,
  missedMailWindowMs: 24 * 3_600_000,
  processAttempts: 35,
  reconcileCron: '0 * * * *',
  renewCron: '* * * * *',
  // 40 mails/s per mailbox: above what Graph's 4 concurrent requests allow at ~100 ms (about 20 mails/s, at two
  // requests per mail), so pacing never slows one mailbox, and a backlog of thousands interleaves with others.
  reconcilePaceMs: 25,
};

/** What the inbox module is built from. */
export interface InboxDeps {
  store: Store;
  queue: JobQueue;
  clock: Clock;
  log: Logger;
  config: AppConfig;
  /** The Graph client of a configured client name. */
  graphFor: (clientName: string) => GraphClient;
  handlers: HandlerDirectory;
  /** Base URL Graph calls (`PUBLIC_URL`); null means subscriptions cannot be created. */
  publicUrl: string | null;
  metrics: InboxMetrics;
  settings: InboxSettings;
  /** Checks external handler targets when they are saved (default: from `server.egress_*`). */
  egress?: EgressGuard;
  /**
   * Whether a client's Validate must check Mail.Send: a plug-in sends mail as it (the helpdesk's auto-replies).
   * Never, when absent.
   */
  mailSendNeeded?: (clientName: string) => Promise<boolean>;
}
