/** What an alert rule watches (see src/alerts/). */
export type AlertCondition =
  'inbox-state' | 'mail-failed' | 'unprocessed-overdue' | 'credential-expiry' | 'renewal-failures';

/** Row of `alert_rules`: one rule of the installation and where its alerts go. */
export interface AlertRulesTable {
  id: string;
  name: string;
  /** 1 when evaluated. */
  enabled: number;
  condition: AlertCondition;
  /** Minutes (unprocessed-overdue), days (credential-expiry) or failures (renewal-failures); null otherwise. */
  threshold: number | null;
  /** JSON list of resource states (inbox-state), e.g. `["Expired","Degraded"]`; null otherwise. */
  states: string | null;
  /** `graph`, `smtp`, or null for no mail. */
  mail_transport: string | null;
  /** Configured client whose Graph app sends the mail (graph). */
  mail_client: string | null;
  mail_from: string | null;
  /** JSON list of recipient addresses. */
  mail_to: string | null;
  /** SMTP URL with credentials (smtp): a secret, never returned unmasked. */
  smtp_url: string | null;
  /** Signed webhook target, or null for none. */
  webhook_url: string | null;
  created_at: string;
  updated_at: string;
}

/** Row of `alert_episodes`: one open condition of a rule for one subject, from opened to resolved. */
export interface AlertEpisodesTable {
  id: string;
  rule_id: string;
  /** What the condition holds for: `resource:<id>`, `client:<name>:secret`, … */
  subject: string;
  /** Equal to `subject` while open, null once resolved: a unique key, so one open episode per (rule, subject). */
  open_subject: string | null;
  title: string;
  detail: string;
  opened_at: string;
  resolved_at: string | null;
}

/** Row of `alert_notifications`: one message of an episode (opened or resolved) on one channel, once sent. */
export interface AlertNotificationsTable {
  episode_id: string;
  /** `opened` or `resolved`. */
  event: string;
  /** `mail` or `webhook`. */
  channel: string;
  sent_at: string;
}
