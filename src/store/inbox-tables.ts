/** How a processed mail leaves the Inbox. */
export type DisposalMode = 'soft-delete' | 'delete' | 'move' | 'categorise';

/** Row of `resources`: one watched mailbox of one client. Booleans are 0/1. */
export interface ResourcesTable {
  id: string;
  client_name: string;
  /** Lower-cased address. */
  email: string;
  /** Handler endpoint path (`/inbox/`) or `https://` URL. */
  webhook_target: string;
  recovery_target: string | null;
  inactive: number;
  disposal_mode: DisposalMode;
  disposal_folder: string | null;
  disposal_category: string | null;
  /** Category put on a Failed mail so Outlook users see it; null for none. */
  failed_category: string | null;
  created_at: string;
  updated_at: string;
}

/** Subscription state as stored; Inactive is derived from the resource. */
type SubscriptionState = 'none' | 'active' | 'expired' | 'error';

/** Row of `resource_subscriptions`: the Graph subscription of a resource, at most one. */
export interface ResourceSubscriptionsTable {
  resource_id: string;
  subscription_id: string | null;
  /** Random secret Graph echoes in each notification; compared in constant time. */
  client_state: string | null;
  expires_at: string | null;
  state: SubscriptionState;
  last_error: string | null;
  /** Consecutive failed renewals or creations. */
  failures: number;
  last_notification_at: string | null;
  renewed_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Ledger state of a mail (DESIGN §4); `gone`: the mail left the mailbox before it was read. */
export type MessageStatus = 'unprocessed' | 'processing' | 'processed' | 'skipped' | 'failed' | 'gone';

/** Row of `messages`: the ledger, one per (resource, Graph message id). */
export interface MessagesTable {
  id: string;
  resource_id: string;
  graph_message_id: string;
  internet_message_id: string | null;
  received_at: string | null;
  subject: string | null;
  sender: string | null;
  size_bytes: number | null;
  status: MessageStatus;
  /** `notification`, `reconciliation` or `import`. */
  source: string;
  attempts: number;
  /** 1 when a mail with the same internetMessageId was already processed for the resource. */
  is_processed_duplicate: number;
  last_error_code: string | null;
  last_error_message: string | null;
  last_error_stack: string | null;
  /** JSON `{ isAutoreply, isBounce, isBulk }` as recognised when the mail was fetched. */
  mail_flags: string | null;
  /** JSON of what the handler returned (ticket id and the like), when it returned something. */
  handler_result: string | null;
  /** `pending`, `done`, `failed` or null before processing. */
  disposal_status: string | null;
  disposal_error: string | null;
  /** Coded error (`MSI_…`) of the last failed disposal attempt. */
  disposal_error_code: string | null;
  /** When reconciliation found this mail although no notification had announced it; null otherwise. */
  missed_at: string | null;
  first_seen_at: string;
  processed_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Row of `message_events`: the timeline of a mail (seen, attempt, outcome, disposal, retry). */
export interface MessageEventsTable {
  id: string;
  message_id: string;
  at: string;
  kind: string;
  detail: string | null;
}

/** Row of `delta_links`: where the next delta query of a resource's Inbox starts. */
export interface DeltaLinksTable {
  resource_id: string;
  delta_link: string;
  updated_at: string;
}

/** Row of `sync_runs`: one Sync & Save run of one client, with per-resource outcomes as JSON. */
export interface SyncRunsTable {
  id: string;
  client_name: string;
  /** `manual`, `scheduled` or `start`. */
  trigger: string;
  started_at: string;
  finished_at: string | null;
  outcomes: string;
}

/** Row of `recovery_tasks`: a background replay of Failed or Unprocessed mails. */
export interface RecoveryTasksTable {
  id: string;
  type: 'failed' | 'unprocessed';
  resource_id: string | null;
  since: string;
  /** JSON array of ledger ids when the task covers chosen mails only. */
  message_ids: string | null;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  done: number;
  failed: number;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** Row of `inbox_counters`: durable per-resource counters (e.g. mails found only by reconciliation). */
export interface InboxCountersTable {
  resource_id: string;
  name: string;
  value: number;
  updated_at: string;
}
