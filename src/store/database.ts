import type {
  DeltaLinksTable,
  InboxCountersTable,
  MessageEventsTable,
  MessagesTable,
  RecoveryTasksTable,
  ResourceSubscriptionsTable,
  ResourcesTable,
  SyncRunsTable,
} from './inbox-tables.js';
import type {
  CompaniesTable,
  HelpdeskAssigneeColumns,
  HelpdeskDocumentsTable,
  HelpdeskMessageIdsTable,
  HelpdeskNotesTable,
  HelpdeskStatusesTable,
  HelpdesksTable,
  HelpdeskTypesTable,
  PersonsTable,
} from './helpdesk-tables.js';
import type {
  ApiTokensTable,
  AuthSettingsTable,
  LoginFailuresTable,
  SessionsTable,
  UserGroupMembersTable,
  UserGroupsTable,
  UsersTable,
} from './auth-tables.js';
import type { AlertEpisodesTable, AlertNotificationsTable, AlertRulesTable } from './alert-tables.js';
import type { AuditLogTable } from './audit-tables.js';
import type { AutoReplyLogTable, AutoReplySettingsTable } from './auto-reply-tables.js';
import type { GraphBudgetTable, GraphSlotsTable } from './graph-budget-tables.js';

/** Status of a job row; a finished job is deleted, so there is no `done`. */
export type JobStatus = 'pending' | 'running' | 'dead';

/** Status of a claimed period of a recurring task. */
export type ScheduledRunStatus = 'running' | 'done' | 'failed';

/** Row of `jobs`: one durable unit of background work. Timestamps are ISO-8601 UTC strings. */
export interface JobsTable {
  id: string;
  name: string;
  /** JSON text. */
  payload: string;
  status: JobStatus;
  /** Claims so far, including the running one. */
  attempts: number;
  max_attempts: number;
  run_at: string;
  unique_key: string | null;
  locked_by: string | null;
  lease_until: string | null;
  last_error_code: string | null;
  last_error_message: string | null;
  last_error_stack: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

/** Row of `scheduled_runs`: the one instance that claimed a period of a recurring task. */
interface ScheduledRunsTable {
  task_name: string;
  period_start: string;
  instance_id: string;
  status: ScheduledRunStatus;
  claimed_at: string;
  finished_at: string | null;
  error_message: string | null;
}

/** Every table of ms-inbox, as Kysely sees them; later modules add theirs here with a migration. */
export interface Database {
  jobs: JobsTable;
  scheduled_runs: ScheduledRunsTable;
  resources: ResourcesTable;
  resource_subscriptions: ResourceSubscriptionsTable;
  messages: MessagesTable;
  message_events: MessageEventsTable;
  delta_links: DeltaLinksTable;
  sync_runs: SyncRunsTable;
  recovery_tasks: RecoveryTasksTable;
  inbox_counters: InboxCountersTable;
  helpdesk_statuses: HelpdeskStatusesTable;
  helpdesk_types: HelpdeskTypesTable;
  companies: CompaniesTable;
  persons: PersonsTable;
  helpdesks: HelpdesksTable & HelpdeskAssigneeColumns;
  helpdesk_notes: HelpdeskNotesTable;
  helpdesk_documents: HelpdeskDocumentsTable;
  helpdesk_message_ids: HelpdeskMessageIdsTable;
  users: UsersTable;
  user_groups: UserGroupsTable;
  user_group_members: UserGroupMembersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
  auth_settings: AuthSettingsTable;
  auto_reply_settings: AutoReplySettingsTable;
  auto_reply_log: AutoReplyLogTable;
  audit_log: AuditLogTable;
  graph_slots: GraphSlotsTable;
  graph_budget: GraphBudgetTable;
  alert_rules: AlertRulesTable;
  alert_episodes: AlertEpisodesTable;
  alert_notifications: AlertNotificationsTable;
}
