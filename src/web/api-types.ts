// The shapes of the admin API's answers, as the UI reads them (the web module imports nothing from the server);
// test/web-api-types.test.ts makes the typecheck fail when a server view no longer gives what is declared here.

/** The caller, from `GET /api/auth/session`. */
export interface SessionInfo {
  user: {
    name: string;
    displayName: string | null;
    role: 'admin' | 'agent' | 'viewer';
    groups: string[];
    kind: string;
  };
  csrfToken: string | null;
  expiresAt: string | null;
  canSeeStatus: boolean;
}

/** One line of the status summary. */
export interface SummaryLine {
  resourceId: string;
  clientName: string;
  email: string;
  state: ResourceState;
  stateReason: string | null;
  failed: number;
  unprocessedOverdue: number;
  /** Mails reconciliation found in the last 24 h that no notification announced. */
  missedRecently: number;
  lastMissedAt: string | null;
  /** Processed mails whose removal from the Inbox gave up. */
  disposalFailures: number;
}

/** `GET /api/status/inbox-summary`. */
export interface InboxSummary {
  allWell: boolean;
  inboxes: SummaryLine[];
}

/** What an admin sees of a mailbox's health. */
export type ResourceState = 'Active' | 'Degraded' | 'Expired' | 'Inactive' | 'Error';

/** How close a client's secret or certificate is to its expiry; `daysLeft` is whole days, rounded down. */
export interface CredentialExpiry {
  credential: 'secret' | 'certificate';
  expiresAt: string;
  daysLeft: number;
  level: 'ok' | 'warning' | 'expired';
  message: string;
}

/** A configured client (never its secret). */
export interface ClientInfo {
  name: string;
  clientId: string;
  tenantId: string;
  credential: 'secret' | 'certificate';
  secretExpiry: CredentialExpiry | null;
  certificateExpiry: CredentialExpiry | null;
  resources: number;
}

/** The result of the Validate button. */
export interface ClientValidation {
  client: string;
  ok: boolean;
  checks: Array<{
    name: string;
    ok: boolean;
    severity: 'ok' | 'warning' | 'error';
    message: string;
    hint: string | null;
  }>;
}

/** Ledger states. */
export type MessageStatus = 'unprocessed' | 'processing' | 'processed' | 'skipped' | 'failed' | 'gone';

/** A resource (watched mailbox). */
export interface ResourceInfo {
  id: string;
  clientName: string;
  email: string;
  webhookTarget: string;
  recoveryTarget: string | null;
  inactive: boolean;
  disposal: { mode: string; folder: string | null; category: string | null };
  state: ResourceState;
  stateReason: string | null;
  lastNotificationAt: string | null;
  counts: Record<MessageStatus, number>;
  missedByNotifications: number;
  missedRecently: { count: number; lastAt: string | null };
  disposalFailures: {
    count: number;
    lastAt: string | null;
    lastErrorCode: string | null;
    lastErrorMessage: string | null;
    hint: string | null;
  };
}

/** One Sync & Save run. */
export interface SyncRun {
  id: string;
  clientName: string;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  outcomes: Array<{
    resourceId: string;
    email: string;
    outcome: string;
    error: string | null;
    expiresAt: string | null;
  }>;
}

/** A mail of the ledger. */
export interface MessageInfo {
  id: string;
  resourceId: string;
  receivedAt: string | null;
  subject: string | null;
  sender: string | null;
  status: MessageStatus;
  source: string;
  attempts: number;
  isProcessed: boolean;
  error: { code: string | null; message: string | null; stack: string | null } | null;
  handlerResult: unknown;
  disposal: { status: string | null; error: string | null };
  firstSeenAt: string;
  processedAt: string | null;
  timeline?: Array<{ at: string; kind: string; detail: string | null }>;
}

/** A recovery task with its progress. */
export interface RecoveryTask {
  id: string;
  type: 'failed' | 'unprocessed';
  resourceId: string | null;
  since: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  done: number;
  failed: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** A helpdesk ticket as listed; `status` is a label object or a plain key depending on the server. */
export interface TicketInfo {
  id: string;
  number: string;
  title: string;
  status: string | { key: string; label: string };
  person?: { name: string; email: string | null } | null;
  type?: { key: string; name: string } | null;
  assignee?: { kind: 'user' | 'group'; id: string; name: string } | null;
  subscriptionEmail?: string | null;
  updatedAt: string;
}

/** A ticket with its history notes (HTML sanitised by the server) and documents. */
export interface TicketDetailInfo extends TicketInfo {
  notes: Array<{
    id: string;
    kind: string;
    html: string | null;
    text: string | null;
    authorAddress: string | null;
    createdAt: string;
  }>;
  documents: Array<{ id: string; fileName: string; sizeBytes: number; contentType: string }>;
}

/** A user, a group, an API token. */
export interface UserInfo {
  username: string;
  displayName: string | null;
  role: 'admin' | 'agent' | 'viewer';
  disabled: boolean;
  groups: string[];
}
export interface GroupInfo {
  name: string;
  description: string | null;
  members: string[];
}
export interface TokenInfo {
  id: string;
  name: string;
  role: 'admin' | 'agent' | 'viewer';
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** `GET /api/audit` items (src/http/audit/audit-repository.ts). */
export interface AuditEntry {
  id: string;
  at: string;
  actor: { kind: string; name: string | null };
  action: string;
  target: Record<string, string> | null;
  fields: string[] | null;
  status: number;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditPage {
  items: AuditEntry[];
  total: number;
  page: number;
  pageSize: number;
  hasMore: boolean;
}

/** Reference data of the helpdesk as `/api/helpdesk/{persons,companies,types,statuses}` answer it. */
export interface PersonInfo {
  id: string;
  name: string;
  email: string | null;
  companyId: string | null;
  archivedAt: string | null;
}
export interface CompanyInfo {
  id: string;
  name: string;
  email: string | null;
  website: string | null;
  archivedAt: string | null;
}
export interface TicketTypeInfo {
  id: string;
  key: string;
  name: string;
  archivedAt: string | null;
}
export interface StatusInfo {
  key: string;
  label: string;
  sortOrder: number;
  isDefault: boolean;
  isClosed: boolean;
  archivedAt: string | null;
}

/** `GET /api/alerts/rules` items (src/alerts/alert-rule.ts); the SMTP password comes masked. */
export interface AlertRuleView {
  id: string;
  name: string;
  enabled: boolean;
  condition: string;
  threshold: number | null;
  states: string[] | null;
  mail: {
    transport: 'graph' | 'smtp';
    clientName?: string;
    smtpUrl?: string;
    from: string;
    to: string[];
  } | null;
  webhookUrl: string | null;
}

/** `GET /api/alerts/episodes` items (src/alerts/episode-repository.ts). */
export interface AlertEpisodeView {
  id: string;
  ruleId: string;
  subject: string;
  title: string;
  detail: string;
  openedAt: string;
  resolvedAt: string | null;
  notifications: Array<{ event: string; channel: string; sentAt: string }>;
}
