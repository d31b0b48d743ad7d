/** Row of `auto_reply_settings`: the auto-reply of one resource (watched mailbox). Booleans are 0/1. */
export interface AutoReplySettingsTable {
  resource_id: string;
  enabled: number;
  /** 1: reply only to the mail that created a helpdesk (the seed's `is_new` check). */
  only_new_helpdesks: number;
  /** Templates with `$$merge codes$$`; null for the built-in defaults. */
  subject_template: string | null;
  text_template: string | null;
  html_template: string | null;
  /** Used when the helpdesk keeps no subscription mailbox. */
  default_from: string | null;
  from_name: string | null;
  /** `graph` (sendMail from the mailbox) or `smtp`. */
  transport: string;
  /** `smtp://user:password@host:port` or `smtps://…`; a secret, never answered unmasked. */
  smtp_url: string | null;
  /** JSON `{ perSender, perHelpdesk }`, each a list of `{ windowMinutes, max }`; null for the defaults. */
  limits: string | null;
  created_at: string;
  updated_at: string;
}

/** Row of `auto_reply_log`: what became of one auto-reply — sending, sent, suppressed (and why) or failed. */
export interface AutoReplyLogTable {
  /** The job's request id, so a retried job finds its own row. */
  id: string;
  resource_id: string;
  helpdesk_id: string | null;
  /** Ledger id of the mail answered. */
  ledger_message_id: string | null;
  /** Lower-cased address the reply goes (or would have gone) to. */
  recipient: string | null;
  /** `sending`, `sent`, `suppressed` or `failed`. */
  outcome: string;
  /** Suppression reason (`automatic-mail`, `sender-limit`, …) or error code. */
  reason: string | null;
  detail: string | null;
  /** Message-ID of the reply, `<id@host>`. */
  message_id: string | null;
  from_address: string | null;
  subject: string | null;
  transport: string | null;
  created_at: string;
  updated_at: string;
}
